// nslab's headless entry point: no Electron, no display.
import { readFileSync } from 'node:fs';
import { EnvironmentError } from '../env/errors';
import { cleanupCommand } from './cleanup';
import { EXIT_ERROR } from './exit-codes';
import { gradeCommand, UsageError } from './grade';
import { lintCommand } from './lint';
import { schemaCommand } from './schema';
import { serveCommand } from './serve';

const USAGE = `nslab — labs on how containers really work

usage:
  nslab grade <lab-dir> --solve | --submission FILE | --attach SESSION
              [--format text|json|junit] [--output FILE] [--junit FILE] [--keep]
              [--kubeconfig FILE] [--context NAME] [--learner NAME]
      grade a lab against a real environment; exit 0 pass, 1 fail, 2 error
  nslab lint [dir]           validate every lab under dir (default: labs)
  nslab cleanup [--session ID] [--dry-run]
                             remove every container, volume and network nslab left
  nslab serve [--host H] [--port P] [--labs DIR] [--progress FILE]
              [--kubeconfig FILE] [--context NAME] [--learner NAME]
                             browser mode: the app over HTTP + WebSocket (127.0.0.1 by default)
  nslab schema [--write [file]]
                             print (or write) the JSON Schema of lab.yaml
  nslab --version
`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  grade: gradeCommand,
  lint: lintCommand,
  cleanup: cleanupCommand,
  schema: schemaCommand,
  serve: serveCommand,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command === undefined ? EXIT_ERROR : 0;
  }
  if (command === '--version') {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    process.stderr.write(`nslab: unknown command "${command}"\n\n${USAGE}`);
    return EXIT_ERROR;
  }
  try {
    return await run(args);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`nslab ${command}: ${(error as Error).message}\n`);
    } else if (error instanceof EnvironmentError) {
      process.stderr.write(`nslab ${command}: ${error.toString()}\n`);
    } else {
      process.stderr.write(`nslab ${command}: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    }
    return EXIT_ERROR;
  }
}

process.exitCode = await main(process.argv.slice(2));
