// Options are data, never shell: a quote, a $(…) and a newline in every CLI
// option that reaches a command or a file (kubeconfig, context, learner, labs
// folder, submission, session, output paths) either work as a plain value or
// are refused with a message, and never run anything. The payloads touch
// $NSLAB_PWNED if a shell ever runs them.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabGrade } from '../../electron/shared/grade';
import { runCli } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-injection-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const pwned = join(scratch, 'pwned');
const env = { NSLAB_PWNED: pwned };

/** No slash in any of them: each also names a file or folder. */
const PAYLOADS = {
  quote: "it's",
  substitution: '$(touch "$NSLAB_PWNED")',
  newline: 'a\ntouch "$NSLAB_PWNED"',
  all: `x' ; touch "$NSLAB_PWNED" ; '$(touch "$NSLAB_PWNED")\n\`touch "$NSLAB_PWNED"\``,
};

/** A kubeconfig whose only context is named `context`, for a server nobody answers on. */
function kubeconfig(dir: string, context: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'kubeconfig');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'nowhere', cluster: { server: 'https://127.0.0.1:1' } }],
    users: [{ name: 'someone', user: { token: 'x' } }],
    contexts: [{ name: context, context: { cluster: 'nowhere', user: 'someone' } }],
    'current-context': context,
  };
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe.each(Object.entries(PAYLOADS))('options holding %s', (kind, payload) => {
  it('--kubeconfig, --context, --output, --junit: kubectl gets them as arguments, reports land at those exact paths', async () => {
    const dir = join(scratch, kind, payload);
    const output = join(scratch, kind, `${payload}.json`);
    const junit = join(scratch, kind, `${payload}.xml`);
    const args = ['grade', 'labs/static-pv-binding', '--solve', '--kubeconfig', kubeconfig(dir, payload), '--context', payload, '--learner', 'alice'];
    const { code, stderr } = await runCli([...args, '--format', 'json', '--output', output, '--junit', junit], env);
    expect(code, stderr).toBe(2);
    const grade = JSON.parse(readFileSync(output, 'utf8')) as LabGrade;
    // kubectl itself tried the server: the value reached it whole.
    expect(grade.error).toContain('127.0.0.1:1');
    expect(grade.error).not.toMatch(/syntax error|unterminated|not found: touch/i);
    expect(readFileSync(junit, 'utf8')).toContain('<testsuite');
    expect(existsSync(pwned)).toBe(false);
  });

  it('--learner: refused as a name, never run', async () => {
    const args = ['grade', 'labs/static-pv-binding', '--solve', '--kubeconfig', kubeconfig(join(scratch, kind, 'learner'), 'plain'), '--learner', payload];
    const { code, stdout } = await runCli([...args, '--format', 'json'], env);
    expect(code).toBe(2);
    expect((JSON.parse(stdout) as LabGrade).error).toContain('cannot name a learner');
    expect(existsSync(pwned)).toBe(false);
  });

  it('--labs, --submission, lint and prepare folders: plain paths', async () => {
    const labs = join(scratch, kind, `labs-${payload}`);
    mkdirSync(labs, { recursive: true });
    const submissions = join(scratch, kind, `submissions-${payload}`);
    mkdirSync(submissions, { recursive: true });
    writeFileSync(join(submissions, 'uts-namespace.sh'), 'hostname x\n');
    const folder = await runCli(['grade', submissions, '--labs', labs, '--format', 'json', '--trust-submissions'], env);
    expect(folder.code).toBe(2);
    expect((JSON.parse(folder.stdout) as LabGrade[])[0]!.error).toContain(`there is no lab "uts-namespace" in ${labs}`);

    const lint = await runCli(['lint', labs], env);
    expect(lint.stderr).toContain(`${labs}:1:1: no lab found`);
    const prepare = await runCli(['prepare', '--labs', labs], env);
    expect(prepare.stderr).toContain(`no pack in ${labs}`);
    const submission = await runCli(['grade', 'labs/uts-namespace', '--submission', join(scratch, kind, `${payload}.sh`)], env);
    expect(submission.stderr).toContain(`cannot read the submission ${join(scratch, kind, `${payload}.sh`)}`);
    expect(existsSync(pwned)).toBe(false);
  });

  it('--session and --attach: a label value that matches nothing', async () => {
    const cleanup = await runCli(['cleanup', '--dry-run', '--session', payload], env);
    expect(cleanup.code, cleanup.stderr).toBe(0);
    expect(cleanup.stdout).toContain('nothing to clean up');
    const attach = await runCli(['grade', 'labs/uts-namespace', '--attach', payload, '--format', 'json'], env);
    expect(attach.code).toBe(2);
    expect(existsSync(pwned)).toBe(false);
  });
});
