// Pure: grades -> JUnit XML, one testsuite per lab, one testcase per check.
import type { CheckResult, LabGrade } from '../../shared/grade';

export function junitReport(grades: LabGrade[]): string {
  const totals = grades.map(counts).reduce(
    (sum, c) => ({ tests: sum.tests + c.tests, failures: sum.failures + c.failures, errors: sum.errors + c.errors, skipped: 0 }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
  const time = seconds(grades.reduce((t, g) => t + g.durationMs, 0));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="nslab" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" time="${time}">`,
    ...grades.flatMap(suite),
    '</testsuites>',
    '',
  ].join('\n');
}

/** A grade that could not run at all (no engine, no image) counts as one errored test. */
function counts(grade: LabGrade): { tests: number; failures: number; errors: number; skipped: number } {
  const checks: CheckResult[] = grade.steps.flatMap((s) => s.checks);
  const environmentError = grade.error ? 1 : 0;
  return {
    tests: checks.length + environmentError,
    failures: checks.filter((c) => c.status === 'fail').length,
    errors: checks.filter((c) => c.status === 'error').length + environmentError,
    skipped: checks.filter((c) => c.status === 'skipped').length,
  };
}

function suite(grade: LabGrade): string[] {
  const c = counts(grade);
  const timestamp = grade.startedAt.replace(/\.\d+Z$/, '');
  const out = [
    `  <testsuite name="${attr(grade.labId)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}" time="${seconds(grade.durationMs)}" timestamp="${attr(timestamp)}">`,
    `    <properties><property name="mode" value="${attr(grade.mode)}"/><property name="environment" value="${attr(grade.environment)}"/></properties>`,
  ];
  if (grade.error) {
    out.push(`    <testcase classname="${attr(grade.labId)}" name="environment">`, `      <error message="${attr(grade.error)}"/>`, '    </testcase>');
  }
  for (const step of grade.steps) {
    const perCheck = step.durationMs / Math.max(1, step.checks.length);
    for (const check of step.checks) {
      const open = `    <testcase classname="${attr(`${grade.labId}.${step.stepId}`)}" name="${attr(check.title)}" time="${seconds(perCheck)}"`;
      if (check.status === 'pass') {
        out.push(`${open}/>`);
        continue;
      }
      if (check.status === 'skipped') {
        out.push(`${open}>`, `      <skipped message="${attr(check.message)}"/>`, '    </testcase>');
        continue;
      }
      const tag = check.status === 'fail' ? 'failure' : 'error';
      const body = text(`expected: ${check.expected}\nfound:    ${check.found}`);
      out.push(`${open}>`, `      <${tag} message="${attr(check.message)}" type="${attr(check.kind)}">${body}</${tag}>`, '    </testcase>');
    }
  }
  out.push('  </testsuite>');
  return out;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

// XML 1.0 forbids most control characters even when escaped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function text(value: string): string {
  return value.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}
