import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { schemaText } from '../../electron/cli/schema';

describe('labs/lab.schema.json', () => {
  it('is the schema the code validates with (regenerate: nslab schema --write)', () => {
    expect(readFileSync(new URL('../../labs/lab.schema.json', import.meta.url), 'utf8')).toBe(schemaText());
  });
});
