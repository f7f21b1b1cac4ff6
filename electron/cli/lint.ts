// `nslab lint [dir]`: validates every lab and pack; exit 1 when any problem is found.
import { lintLabs } from '../labs/lint';
import { formatProblem } from '../labs/problems';
import { formatLabTrust } from '../shared/lab-trust';
import { parseArgs } from 'node:util';
import type { CliCommand } from './command';
import { EXIT_FAIL, EXIT_PASS } from './exit-codes';

export async function lintCommand(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const root = positionals[0] ?? 'labs';
  const report = await lintLabs(root);
  // What each lab runs and where, problems or not: a pack is code, and this is what it asks to be trusted with.
  if (report.trust.length > 0) {
    process.stdout.write(`What each lab runs, and where:\n${report.trust.flatMap(formatLabTrust).join('\n')}\n\n`);
  }
  for (const problem of report.problems) process.stderr.write(`${formatProblem(problem)}\n`);
  if (report.problems.length > 0) {
    process.stderr.write(`✘ ${report.problems.length} problem(s)\n`);
    return EXIT_FAIL;
  }
  process.stdout.write(`✔ ${report.labIds.length} lab(s) valid: ${report.labIds.join(', ')}\n`);
  if (report.packIds.length > 0) process.stdout.write(`✔ ${report.packIds.length} pack(s) valid: ${report.packIds.join(', ')}\n`);
  return EXIT_PASS;
}

export const lint: CliCommand = {
  name: 'lint',
  usage: `  nslab lint [dir]           validate every lab and pack under dir (default: labs);
                             every problem as file:line:column: field: message
`,
  run: lintCommand,
};
