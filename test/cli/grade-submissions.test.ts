// Course CI: `nslab grade <submissions-dir>` grades one <lab-id>.sh per lab in
// real lab boxes, into one JUnit report with a <testsuite> per lab; a script
// that names no lab is an error in that report, and only all-pass exits 0.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadLab } from '../../electron/labs/loader';
import type { LabGrade } from '../../electron/shared/grade';
import { REPO_ROOT, runCli } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-submissions-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder holding the given submissions: name -> text. */
function folder(name: string, files: Record<string, string>): string {
  const dir = join(scratch, name);
  mkdirSync(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

let passing: string;
const failing = readFileSync(join(REPO_ROOT, 'test/labs/attempts/pid-namespace.no-fork.sh'), 'utf8');

beforeAll(async () => {
  // What a learner who typed the reference solution would hand in.
  const lab = await loadLab(join(REPO_ROOT, 'labs/uts-namespace'));
  passing = lab.steps.map((s) => [`# step: ${s.id}`, ...s.solution.map((l) => (typeof l === 'string' ? l : l.run))].join('\n')).join('\n');
});

interface Suite {
  name: string;
  tests: string;
  failures: string;
  errors: string;
  testcase: { name: string; error?: { message: string } } | { name: string }[];
}

describe('nslab grade <submissions-dir>', () => {
  it('grades a pass, a fail and a stray script into one JUnit report, exit 2', { timeout: 180_000 }, async () => {
    const dir = folder('class', { 'uts-namespace.sh': passing, 'pid-namespace.sh': failing, 'uts-namespce.sh': 'hostname x\n', 'README.md': '# notes\n' });
    const junit = join(scratch, 'class.xml');
    const { code, stdout, stderr } = await runCli(['grade', dir, '--jobs', '2', '--format', 'json', '--junit', junit, '--trust-submissions']);
    expect(code, stderr).toBe(2);
    expect(stderr).toContain(`ignoring ${join(dir, 'README.md')}: a submission is a file <lab-id>.sh`);

    const grades = JSON.parse(stdout) as LabGrade[];
    expect(grades.map((g) => `${g.labId}:${g.status}`)).toEqual(['pid-namespace:fail', 'uts-namespace:pass', 'uts-namespce:error']);
    expect(grades[2]!.error).toContain(`${join(dir, 'uts-namespce.sh')} names no lab: there is no lab "uts-namespce" in labs.`);
    expect(grades[2]!.error).toContain('e.g. uts-namespace.sh');

    const xml = readFileSync(junit, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const report = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).testsuites as { testsuite: Suite[] } & Record<string, string>;
    expect(report.testsuite.map((s) => s.name)).toEqual(['pid-namespace', 'uts-namespace', 'uts-namespce']);
    expect(report.testsuite[0]).toMatchObject({ tests: '6', failures: '6', errors: '0' });
    expect(report.testsuite[1]).toMatchObject({ tests: '5', failures: '0', errors: '0' });
    expect(report.testsuite[2]).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    expect((report.testsuite[2]!.testcase as { error: { message: string } }).error.message).toContain('names no lab');
    expect(report).toMatchObject({ tests: '12', failures: '6', errors: '1' });
  });

  it('exits 1 when a lab fails and none errs', { timeout: 120_000 }, async () => {
    const dir = folder('one-fail', { 'pid-namespace.sh': failing });
    const { code, stdout } = await runCli(['grade', dir, '--trust-submissions']);
    expect(code).toBe(1);
    expect(stdout).toContain('1 lab(s): 0 passed, 1 failed, 0 not graded');
  });

  it('exits 0 only when every lab passes', { timeout: 120_000 }, async () => {
    const dir = folder('all-pass', { 'uts-namespace.sh': passing });
    const { code, stdout } = await runCli(['grade', dir, '--format', 'text', '--trust-submissions']);
    expect(code).toBe(0);
    expect(stdout).toContain('PASS  5/5 checks passed');
    expect(stdout).toContain('1 lab(s): 1 passed, 0 failed, 0 not graded');
  });

  it('says what a submissions folder is when it holds none, or is given lab options', async () => {
    const empty = folder('empty', { 'notes.txt': 'x' });
    const none = await runCli(['grade', empty]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`no submissions in ${empty}: a submission is <lab-id>.sh, e.g. uts-namespace.sh`);
    const solve = await runCli(['grade', empty, '--solve']);
    expect(solve.code).toBe(2);
    expect(solve.stderr).toContain('is a folder of submissions, each graded as --submission: leave out --solve');
  });

  it('refuses untrusted submissions on an engine whose box root is the host root, with no guest to grade them on', async () => {
    const dir = folder('untrusted', { 'uts-namespace.sh': passing });
    // No QEMU on PATH and no guest running (a guest cache of its own): nowhere isolated to grade.
    const { code, stderr } = await runCli(['grade', dir], { PATH: '/nonexistent', NSLAB_GUEST_CACHE: folder('no-guest', {}) });
    expect(code).toBe(2);
    expect(stderr).toContain("on this engine a box's root is the host's root");
    expect(stderr).toContain('--trust-submissions');
  });

  it('documents the file naming in --help', async () => {
    const { stdout } = await runCli(['--help']);
    expect(stdout).toContain('nslab grade <submissions-dir>');
    expect(stdout).toContain('one <lab-id>.sh per lab');
  });
});

// The example workflow the README points at must be valid YAML and run commands that exist.
describe('docs/course-ci.example.yml', () => {
  it('prepares the kernel pack and grades the submissions folder into a JUnit report', () => {
    const workflow = parse(readFileSync(join(REPO_ROOT, 'docs/course-ci.example.yml'), 'utf8')) as { jobs: { grade: { steps: { run?: string }[] } } };
    const runs = workflow.jobs.grade.steps.flatMap((s) => s.run ?? []);
    expect(runs).toContainEqual(expect.stringMatching(/^node nslab\/bin\/nslab\.mjs prepare --labs nslab\/labs --pack kernel --load /));
    expect(runs).toContainEqual(expect.stringMatching(/^node nslab\/bin\/nslab\.mjs prepare --labs nslab\/labs --pack kernel --save /));
    expect(runs).toContainEqual(expect.stringMatching(/^node nslab\/bin\/nslab\.mjs grade submissions --labs nslab\/labs --junit \S+\.xml/));
  });
});
