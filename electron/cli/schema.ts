// `nslab schema [--write [file]]`: the JSON Schema of lab.yaml, for editors.
import { writeFileAtomic } from '../engine/atomic-write';
import { labJsonSchema } from '../labs/json-schema';
import { parseArgs } from 'node:util';
import type { CliCommand } from './command';
import { EXIT_PASS } from './exit-codes';

export const SCHEMA_FILE = 'labs/lab.schema.json';

export function schemaText(): string {
  return `${JSON.stringify(labJsonSchema(), null, 2)}\n`;
}

export async function schemaCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { write: { type: 'boolean', default: false } } });
  if (values.write) {
    const file = positionals[0] ?? SCHEMA_FILE;
    // A file of the repository, for every editor: readable by all.
    await writeFileAtomic(file, schemaText(), 0o644);
    process.stdout.write(`wrote ${file}\n`);
  } else {
    process.stdout.write(schemaText());
  }
  return EXIT_PASS;
}

export const schema: CliCommand = {
  name: 'schema',
  usage: `  nslab schema [--write [file]]
                             print (or write) the JSON Schema of lab.yaml
`,
  run: schemaCommand,
};
