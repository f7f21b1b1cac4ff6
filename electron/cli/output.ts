// Where CLI output goes: the report to stdout (or a file), progress and errors to stderr.
import { writeFileAtomic } from '../engine/atomic-write';

export const FORMATS = ['text', 'json', 'junit'] as const;
/** text for people, json for machines, junit for CI */
export type Format = (typeof FORMATS)[number];

export async function emit(text: string, outputFile: string | undefined): Promise<void> {
  if (outputFile) await writeFileAtomic(outputFile, text);
  else process.stdout.write(text);
}

export function progress(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\x1b[2K\r${line}`);
}

export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\x1b[2K\r');
}

export function useColour(): boolean {
  return Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
}
