// Pure: a grade as people read it: one line per step and check, expected vs.
// found under each failure, colour only when asked (a TTY).
import type { CheckStatus, LabGrade } from '../../shared/grade';

const SYMBOL: Record<CheckStatus, string> = { pass: '✔', fail: '✘', error: '!', skipped: '-' };
const COLOUR: Record<CheckStatus, number> = { pass: 32, fail: 31, error: 33, skipped: 90 };

export function textReport(grade: LabGrade, { colour = false } = {}): string {
  const paint = (status: CheckStatus, s: string) => (colour ? `\x1b[${COLOUR[status]}m${s}\x1b[0m` : s);
  const dim = (s: string) => (colour ? `\x1b[2m${s}\x1b[0m` : s);
  const checks = grade.steps.flatMap((s) => s.checks);
  const passed = checks.filter((c) => c.status === 'pass').length;
  const skipped = checks.filter((c) => c.status === 'skipped').length;
  const idWidth = Math.max(0, ...grade.steps.map((s) => s.stepId.length));

  const lines = [
    `${grade.labId} — ${grade.title}`,
    dim(`${grade.mode}, ${grade.environment}, ${(grade.durationMs / 1000).toFixed(1)} s`),
    '',
  ];
  if (grade.error) lines.push(paint('error', `! ${grade.error}`), '');
  grade.steps.forEach((step, i) => {
    lines.push(`${paint(step.status, SYMBOL[step.status])} ${String(i + 1).padStart(2)} ${step.stepId.padEnd(idWidth)}  ${step.title}`);
    for (const check of step.checks) {
      lines.push(`     ${paint(check.status, SYMBOL[check.status])} ${check.title}`);
      if (check.status === 'pass') continue;
      if (check.status === 'skipped') {
        lines.push(`         ${check.message}`);
        continue;
      }
      lines.push(`         expected: ${check.expected}`, `         found:    ${check.found}`);
      if (check.hint) lines.push(`         → ${check.hint}`);
      else if (check.status === 'error') lines.push(`         ${check.message}`);
    }
  });
  const verdict = grade.status === 'pass' ? 'PASS' : grade.status === 'fail' ? 'FAIL' : 'ERROR';
  lines.push('', `${paint(grade.status, verdict)}  ${passed}/${checks.length} checks passed${skipped ? `, ${skipped} skipped` : ''}`);
  return `${lines.join('\n')}\n`;
}
