// nslab's headless entry point: no Electron, no display.
import { readFileSync } from 'node:fs';
import { EnvironmentError } from '../env/errors';
import { usageProblem, wantsHelp } from './command';
import { COMMANDS } from './commands';
import { EXIT_ERROR } from './exit-codes';

const USAGE = `nslab — labs on how containers really work

usage:
${COMMANDS.map((c) => c.usage).join('')}  nslab <command> --help     that command's usage
  nslab --version
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || (name === 'help' && args.length === 0)) {
    process.stdout.write(USAGE);
    return name === undefined ? EXIT_ERROR : 0;
  }
  if (name === '--version') {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return 0;
  }
  // `nslab help grade` reads as `nslab grade --help`.
  const [commandName, commandArgs] = name === 'help' ? [args[0], ['--help']] : [name, args];
  const command = COMMANDS.find((c) => c.name === commandName);
  if (!command) {
    process.stderr.write(`nslab: unknown command "${commandName}"\n\n${USAGE}`);
    return EXIT_ERROR;
  }
  if (wantsHelp(commandArgs)) {
    process.stdout.write(`usage:\n${command.usage}`);
    return 0;
  }
  try {
    return await command.run(commandArgs);
  } catch (error) {
    const problem = usageProblem(error);
    if (problem !== undefined) {
      process.stderr.write(`nslab ${command.name}: ${problem}\nusage:\n${command.usage}`);
    } else if (error instanceof EnvironmentError) {
      process.stderr.write(`nslab ${command.name}: ${error.toString()}\n`);
    } else {
      process.stderr.write(`nslab ${command.name}: unexpected error: ${(error as Error).stack ?? String(error)}\n`);
    }
    return EXIT_ERROR;
  }
}

process.exitCode = await main(process.argv.slice(2));
