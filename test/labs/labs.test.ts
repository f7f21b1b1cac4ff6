// Every lab, graded by the real CLI against the real engine: the reference
// solution passes, and every wrong attempt under attempts/ fails with the
// messages its `# expect:` lines name.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { LabGrade } from '../../electron/shared/grade';
import { REPO_ROOT, runCli } from '../helpers/cli';

const LABS = readdirSync(join(REPO_ROOT, 'labs'), { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== 'images')
  .map((e) => e.name);
const ATTEMPTS_DIR = join(REPO_ROOT, 'test/labs/attempts');
const attemptsOf = (lab: string) => readdirSync(ATTEMPTS_DIR).filter((f) => f.startsWith(`${lab}.`) && f.endsWith('.sh'));

/** `# expect: <step-id>: <text in a failure message of that step>` */
function expectations(file: string): { stepId: string; text: string }[] {
  return [...readFileSync(file, 'utf8').matchAll(/^# expect: ([\w-]+): (.+)$/gm)].map((m) => ({ stepId: m[1]!, text: m[2]! }));
}

async function grade(args: string[]): Promise<{ code: number; grade: LabGrade }> {
  const result = await runCli(['grade', ...args, '--format', 'json']);
  if (!result.stdout.trim().startsWith('{')) throw new Error(`no JSON grade (exit ${result.code}):\n${result.stderr}`);
  return { code: result.code, grade: JSON.parse(result.stdout) as LabGrade };
}

const scratch = mkdtempSync(join(tmpdir(), 'nslab-labs-'));

// Each grade is a separate CLI process with its own box: they can run side by side.
describe.concurrent.each(LABS)('lab %s', (lab) => {
  it('grades the reference solution pass, with valid JUnit', async () => {
    const junit = join(scratch, `${lab}.xml`);
    const { code, grade: g } = await grade([`labs/${lab}`, '--solve', '--junit', junit]);
    const failed = g.steps.flatMap((s) => s.checks.filter((c) => c.status !== 'pass').map((c) => `${s.stepId}: ${c.message}`));
    expect(failed).toEqual([]);
    expect(g.status).toBe('pass');
    expect(code).toBe(0);
    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).testsuites.testsuite;
    const checks = g.steps.reduce((n, s) => n + s.checks.length, 0);
    expect(suite).toMatchObject({ name: lab, tests: String(checks), failures: '0', errors: '0' });
  });

  it('has at least one wrong attempt with expectations', () => {
    const attempts = attemptsOf(lab);
    expect(attempts.length).toBeGreaterThan(0);
    for (const attempt of attempts) expect(expectations(join(ATTEMPTS_DIR, attempt)).length).toBeGreaterThan(0);
  });

  it.each(attemptsOf(lab))('grades the wrong attempt %s fail, saying what is wrong', async (attempt) => {
    const file = join(ATTEMPTS_DIR, attempt);
    const { code, grade: g } = await grade([`labs/${lab}`, '--submission', file]);
    expect(g.status).toBe('fail');
    expect(code).toBe(1);
    for (const { stepId, text } of expectations(file)) {
      const step = g.steps.find((s) => s.stepId === stepId);
      expect(step?.status, `step ${stepId}`).toBe('fail');
      const messages = step!.checks.filter((c) => c.status === 'fail').map((c) => c.message);
      expect(messages.some((m) => m.includes(text)), `a failure of ${stepId} says "${text}"; got:\n${messages.join('\n')}`).toBe(true);
    }
  });
});
