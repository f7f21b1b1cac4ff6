// What every nslab command is to the entry point: its name, its usage (shown by
// `nslab --help` and by `nslab <command> --help`), and what runs it. Adding a
// command is one entry in commands.ts.

export interface CliCommand {
  readonly name: string;
  /** the command's usage lines, indented by two spaces, ending in a newline */
  readonly usage: string;
  run(args: string[]): Promise<number>;
}

/** A wrong invocation: said in one line, followed by the command's usage; exit 2. */
export class UsageError extends Error {}

/** `--help` or `-h` anywhere before `--` (after it, arguments are taken as they are). */
export function wantsHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/**
 * The one line that says what was wrong with the arguments, or undefined when
 * `error` is not about them. node:util's parseArgs explains how to pass a
 * positional that starts with "-"; the option's name is what people need.
 */
export function usageProblem(error: unknown): string | undefined {
  if (error instanceof UsageError) return error.message;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS') || typeof message !== 'string') return undefined;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown option ${unknown[1]}`;
  return (message.split('\n')[0] ?? message).replace(/\. To specify a positional argument.*$/, '');
}
