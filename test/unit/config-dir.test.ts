// What nslab writes to its config folder (trusted packs, progress, class
// secrets) goes, in a test, to the test file's own folder
// (test/setup/private-config.ts), and so does what an nslab it starts writes:
// runCli and startNslab hand their child this process's environment.
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nslabConfigDir } from '../../electron/env/config-dir';

describe('the config folder in tests', () => {
  it("is a temporary folder of the test file's own, not the user's", () => {
    expect(nslabConfigDir().startsWith(join(tmpdir(), 'nslab-test-config-'))).toBe(true);
    expect(nslabConfigDir().startsWith(join(homedir(), '.config'))).toBe(false);
  });
});
