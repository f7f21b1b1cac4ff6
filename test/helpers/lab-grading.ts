// Grading every lab of one environment kind the way CI must: the reference
// solution passes (with valid JUnit), every wrong attempt under
// test/labs/attempts (<lab>.<name>.sh) fails with the messages its `# expect:`
// lines name, and every right variant there (<lab>.ok-<name>.sh: another
// shell, another tool, another order the lesson allows) passes.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LabGrade } from '../../electron/shared/grade';
import { REPO_ROOT, runCli } from './cli';

const ATTEMPTS_DIR = join(REPO_ROOT, 'test/labs/attempts');

/** The labs whose environment is of this kind ("box" when the lab does not say). */
export function labsOfKind(kind: 'box' | 'kube'): string[] {
  return readdirSync(join(REPO_ROOT, 'labs'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'images')
    .map((e) => e.name)
    .filter((lab) => {
      const doc = parse(readFileSync(join(REPO_ROOT, 'labs', lab, 'lab.yaml'), 'utf8')) as { environment?: { kind?: string } };
      return (doc.environment?.kind ?? 'box') === kind;
    });
}

/** The labs with a check marked `needs: kubelet`: their verdict depends on pods that really run. */
export function labsNeedingKubelet(labs: string[]): string[] {
  return labs.filter((lab) => {
    const doc = parse(readFileSync(join(REPO_ROOT, 'labs', lab, 'lab.yaml'), 'utf8')) as { steps?: { checks?: { needs?: string }[] }[] };
    return (doc.steps ?? []).some((step) => (step.checks ?? []).some((check) => check.needs === 'kubelet'));
  });
}

const scriptsOf = (lab: string) => readdirSync(ATTEMPTS_DIR).filter((f) => f.startsWith(`${lab}.`) && f.endsWith('.sh'));
const attemptsOf = (lab: string) => scriptsOf(lab).filter((f) => !f.startsWith(`${lab}.ok-`));
/**
 * `# needs: kubelet`: the attempt fails only where pods really run (its fault is
 * on the node, e.g. a file written beside the volume), so kwok would pass it.
 */
const needsKubelet = (attempt: string) => /^# needs: kubelet\b/m.test(readFileSync(join(ATTEMPTS_DIR, attempt), 'utf8'));
const rightVariantsOf = (lab: string) => scriptsOf(lab).filter((f) => f.startsWith(`${lab}.ok-`));

/** What a passing grade must not have: each failed or errored check, with its step. */
const failures = (g: LabGrade) =>
  g.steps.flatMap((s) => s.checks.filter((c) => c.status !== 'pass' && c.status !== 'skipped').map((c) => `${s.stepId}: ${c.message}`));

const seconds = (ms: number) => (ms / 1000).toFixed(0);
/**
 * The grade's verdict (printed as it comes: vitest reports a file's tests only
 * when the whole file is done, an hour on the guest's node) and where its time went: the CLI's setup (the learner's namespace, account
 * and tools box), each step (typing and checks), and the teardown after it (on
 * a cluster: the namespace's deletion, its pods stopped by the kubelet).
 */
function gradeTimeParts(g: LabGrade, started: number, ended: number): string {
  const begun = Date.parse(g.startedAt);
  const steps = g.steps.map((s) => `${s.stepId} ${seconds(s.durationMs)}`).join(', ');
  return `${g.status}: setup ${seconds(begun - started)}, ${steps}, teardown ${seconds(ended - begun - g.durationMs)} s`;
}

/** `# expect: <step-id>: <text in a failure message of that step>` */
function expectations(file: string): { stepId: string; text: string }[] {
  return [...readFileSync(file, 'utf8').matchAll(/^# expect: ([\w-]+): (.+)$/gm)].map((m) => ({ stepId: m[1]!, text: m[2]! }));
}

export interface LabGradingOptions {
  /**
   * every wrong attempt (default); the first of each lab, where each grade is
   * slow (the guest VM); (kubelet) only those marked `# needs: kubelet`, where
   * the others are graded on kwok already; or these, by name (`frozen-by-sigstop`
   * for <lab>.frozen-by-sigstop.sh)
   */
  attempts?: 'all' | 'first' | 'kubelet' | readonly string[];
  /**
   * pods really run here (a kind or guest node): attempts marked `# needs: kubelet`
   * are graded; elsewhere (kwok) they are listed as skipped, saying where they are graded
   */
  kubelet?: boolean;
  /** what each grade's environment line must say, e.g. /cgroup v2/ on the guest */
  environment?: RegExp;
  /** no grade may skip a check, solution or attempt: on a real node (kind's, the guest's) every `needs:` is met */
  noSkipped?: boolean;
  /**
   * grade the right variants too (default); off where each grade takes minutes
   * (kind under emulation): a variant differs from the solution in how the
   * learner makes the objects, not in what the node does, and kwok grades them all
   */
  rightVariants?: boolean;
  /**
   * wrong attempts and right variants (file names, `<lab>.<name>.sh`) graded
   * elsewhere and not here, listed as skipped with why (the guest node leaves
   * to kwok those its kubelet cannot change)
   */
  leftOut?: readonly { files: readonly string[]; because: string }[];
}

/**
 * Declares the tests. `extra` gives the CLI arguments and environment each grade
 * needs (a cluster's kubeconfig, say); it is read when the tests run.
 */
export function describeLabGrading(
  labs: string[],
  extra: () => { args: string[]; env: NodeJS.ProcessEnv } = () => ({ args: [], env: {} }),
  timeoutMs = 60_000,
  options: LabGradingOptions = {},
): void {
  const scratch = mkdtempSync(join(tmpdir(), 'nslab-labs-'));

  async function grade(args: string[]): Promise<{ code: number; grade: LabGrade }> {
    const more = extra();
    const started = Date.now();
    // The CLI may run until just before the test's own timeout, so that what it printed is reported.
    const result = await runCli(['grade', ...args, ...more.args, '--format', 'json'], more.env, Math.max(timeoutMs - 30_000, 30_000));
    const ended = Date.now();
    const parsed = result.stdout.trim().startsWith('{') ? (JSON.parse(result.stdout) as LabGrade) : undefined;
    // Each grade's time, for the stage summaries (the guest's in the README), and where it went.
    process.stderr.write(`lab-time: ${args[0]} ${args[1] === '--submission' ? args[2] : args[1]} ${((ended - started) / 1000).toFixed(1)} s${parsed ? ` (${gradeTimeParts(parsed, started, ended)})` : ''}\n`);
    if (!parsed) throw new Error(`no JSON grade (exit ${result.code}):\n${result.stderr}`);
    if (options.environment) expect(parsed.environment).toMatch(options.environment);
    if (options.noSkipped) {
      const skipped = parsed.steps.flatMap((s) => s.checks.filter((c) => c.status === 'skipped').map((c) => `${s.stepId}: ${c.title}: ${c.found}`));
      expect(skipped, 'checks skipped for a need this cluster lacks').toEqual([]);
    }
    return { code: result.code, grade: parsed };
  }
  const leftOutFiles = (options.leftOut ?? []).flatMap((group) => group.files);
  const strays = leftOutFiles.filter((a) => !readdirSync(ATTEMPTS_DIR).includes(a));
  if (strays.length) throw new Error(`no such wrong attempt to leave out: ${strays.join(', ')}`);
  const leftOut = (lab: string) => scriptsOf(lab).filter((a) => leftOutFiles.includes(a));
  const gradable = (lab: string) => attemptsOf(lab).filter((a) => (options.kubelet || !needsKubelet(a)) && !leftOutFiles.includes(a));
  const attemptsToGrade = (lab: string): string[] => {
    const { attempts } = options;
    if (Array.isArray(attempts)) {
      const named = attempts.map((name) => `${lab}.${name}.sh`);
      const missing = named.filter((a) => !attemptsOf(lab).includes(a));
      if (missing.length) throw new Error(`no such wrong attempt: ${missing.join(', ')}`);
      return named;
    }
    return attempts === 'first' ? gradable(lab).slice(0, 1) : attempts === 'kubelet' ? gradable(lab).filter(needsKubelet) : gradable(lab);
  };
  const waitingForKubelet = (lab: string) => attemptsOf(lab).filter((a) => !options.kubelet && needsKubelet(a));

  // Each grade is a separate CLI process with its own box: they can run side by side.
  describe.concurrent.each(labs)('lab %s', (lab) => {
    it('grades the reference solution pass, with valid JUnit', { timeout: timeoutMs }, async () => {
      const junit = join(scratch, `${lab}.xml`);
      const { code, grade: g } = await grade([`labs/${lab}`, '--solve', '--junit', junit]);
      // A check this environment cannot show (needs kind, say) is skipped, never failed: say which and why.
      for (const s of g.steps) {
        for (const c of s.checks.filter((c) => c.status === 'skipped')) process.stderr.write(`${lab}: ${s.stepId}: skipped "${c.title}": ${c.found}\n`);
      }
      const failed = failures(g);
      expect(failed).toEqual([]);
      expect(g.status).toBe('pass');
      expect(code).toBe(0);
      const xml = readFileSync(junit, 'utf8');
      expect(XMLValidator.validate(xml)).toBe(true);
      const suite = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).testsuites.testsuite;
      const checks = g.steps.reduce((n, s) => n + s.checks.length, 0);
      const skipped = g.steps.reduce((n, s) => n + s.checks.filter((c) => c.status === 'skipped').length, 0);
      expect(suite).toMatchObject({ name: lab, tests: String(checks), failures: '0', errors: '0', skipped: String(skipped) });
    });

    it('has at least one wrong attempt with expectations', () => {
      const attempts = attemptsOf(lab);
      expect(attempts.length).toBeGreaterThan(0);
      for (const attempt of attempts) expect(expectations(join(ATTEMPTS_DIR, attempt)).length).toBeGreaterThan(0);
    });

    it.each(attemptsToGrade(lab))('grades the wrong attempt %s fail, saying what is wrong', { timeout: timeoutMs }, async (attempt) => {
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

    // Not silent: named as skipped, with why (they are graded only on a real node).
    it.skip.each(waitingForKubelet(lab))('grades the wrong attempt %s fail: needs a kubelet, graded only where pods really run (kind, the guest node)', () => undefined);
    for (const group of options.leftOut ?? []) {
      it.skip.each(leftOut(lab).filter((a) => group.files.includes(a)))(`grades %s: ${group.because}`, () => undefined);
    }

    it.each(options.attempts === 'kubelet' || options.rightVariants === false ? [] : rightVariantsOf(lab).filter((v) => !leftOutFiles.includes(v)))('grades the right variant %s pass', { timeout: timeoutMs }, async (variant) => {
      const { code, grade: g } = await grade([`labs/${lab}`, '--submission', join(ATTEMPTS_DIR, variant)]);
      const failed = failures(g);
      expect(failed).toEqual([]);
      expect(g.status).toBe('pass');
      expect(code).toBe(0);
    });
  });
}
