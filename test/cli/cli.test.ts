// The nslab CLI as users run it: exit codes, located lint errors, clear
// environment errors, machine-readable output.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDocker } from '../../electron/env/docker/engine';
import { findLeftovers } from '../../electron/env/docker/cleanup';
import { REPO_ROOT, runCli } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function labCopy(name: string, edit: (yaml: string) => string): string {
  const dir = join(scratch, name, 'uts-namespace');
  cpSync(join(REPO_ROOT, 'labs/uts-namespace'), dir, { recursive: true });
  const file = join(dir, 'lab.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
  return dir;
}

describe('nslab lint', () => {
  it('passes on the shipped labs', async () => {
    const { code, stdout } = await runCli(['lint', 'labs']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/✔ \d+ lab\(s\) valid: .*pid-namespace.*uts-namespace/);
  });

  it('prints file:line:col and the field path of a typo, exit 1', async () => {
    const dir = labCopy('typo', (y) => y.replace('        process: init', '        proces: init'));
    const { code, stderr } = await runCli(['lint', join(dir, '..')]);
    expect(code).toBe(1);
    const line = readFileSync(join(dir, 'lab.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('proces: init')) + 1;
    expect(stderr).toContain(`${join(dir, 'lab.yaml')}:${line}:9: steps[2].checks[1].proces: unknown field "proces"; did you mean "process"?`);
  });

  it('lists what each lab runs and where, and a privileged box it asks for', async () => {
    const dir = labCopy('privileged', (y) => y.replace(/^environment:\n/m, 'environment:\n  privileged: true\n'));
    const { code, stdout } = await runCli(['lint', join(dir, '..')]);
    expect(code).toBe(0);
    expect(stdout).toContain('uts-namespace: in a PRIVILEGED lab box');
    expect(stdout).toContain('    asks: --privileged: every host device, no seccomp, nothing masked (the box can reach the host)');
    const shipped = await runCli(['lint', 'labs']);
    expect(shipped.stdout).toContain('uts-namespace: in a confined lab box\n    box:  image nslab/box:1 on the local Docker engine, no network');
    expect(shipped.stdout).toMatch(/static-pv-binding: in a Kubernetes tools box\n    box:  image nslab\/kube-tools:1 on the local Docker engine: no network, no capability/);
    expect(shipped.stdout).not.toContain('ON THIS MACHINE');
  });

  it('finds a missing step text', async () => {
    const dir = labCopy('missing-text', (y) => y.replace('steps/04-leave.md', 'steps/04-gone.md'));
    const { code, stderr } = await runCli(['lint', dir]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/lab\.yaml:\d+:\d+: steps\[3\]\.text: file not found: steps\/04-gone\.md/);
  });
});

describe('nslab grade: bad input loses nothing and says why (exit 2)', () => {
  it('asks what to grade', async () => {
    const { code, stderr } = await runCli(['grade', 'labs/uts-namespace']);
    expect(code).toBe(2);
    expect(stderr).toContain('--solve (the reference solution), --submission FILE, or --attach SESSION');
  });

  it('rejects an unknown format', async () => {
    const { code, stderr } = await runCli(['grade', 'labs/uts-namespace', '--solve', '--format', 'xml']);
    expect(code).toBe(2);
    expect(stderr).toContain('--format takes text, json, junit');
  });

  it('prints located lab problems instead of grading', async () => {
    const dir = labCopy('bad-grade', (y) => y.replace('level: beginner', 'level: expert'));
    const { code, stderr } = await runCli(['grade', dir, '--solve']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/lab\.yaml:\d+:\d+: level: expected one of "beginner", "intermediate", "advanced"/);
  });

  it('names the line of a bad submission directive', async () => {
    const file = join(scratch, 'bad-submission.sh');
    writeFileSync(file, 'hostname x\n# step: nope\n');
    const { code, stderr } = await runCli(['grade', 'labs/uts-namespace', '--submission', file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file}:2: no step "nope" in this lab`);
  });

  it('says a missing engine is missing and how to start one, in the chosen format', async () => {
    const { code, stdout } = await runCli(['grade', 'labs/uts-namespace', '--solve', '--format', 'json'], {
      DOCKER_HOST: `unix://${join(scratch, 'no-docker.sock')}`,
    });
    expect(code).toBe(2);
    const grade = JSON.parse(stdout) as { status: string; error: string };
    expect(grade.status).toBe('error');
    expect(grade.error).toContain('No Docker engine answers');
    expect(grade.error).toContain('Start Docker');
  });

  it('says a missing image is missing and how to get it', async () => {
    const dir = labCopy('no-image', (y) => y.replace('  terminals: 1', '  terminals: 1\n  image: nslab/not-built:0'));
    const { code, stdout } = await runCli(['grade', dir, '--solve', '--trust-pack']);
    expect(code).toBe(2);
    expect(stdout).toContain('The image nslab/not-built:0 is not on the Docker engine');
    expect(stdout).toContain('ERROR');
  });
});

describe('nslab grade output', () => {
  it('writes valid JUnit with one testcase per check, and leaves no box behind', async () => {
    const out = join(scratch, 'uts.xml');
    const { code } = await runCli(['grade', 'labs/uts-namespace', '--solve', '--format', 'junit', '--output', out]);
    expect(code).toBe(0);
    const xml = readFileSync(out, 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const suite = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).testsuites.testsuite;
    expect(suite).toMatchObject({ name: 'uts-namespace', tests: '5', failures: '0', errors: '0' });
    // The grade names its box; other tests may run boxes of the same lab meanwhile.
    const environment = (suite.properties.property as { name: string; value: string }[]).find((p) => p.name === 'environment')!.value;
    const boxId = /docker lab box (\w+)/.exec(environment)![1]!;
    const docker = await connectDocker();
    expect(await docker.listContainers({ all: true, filters: { id: [boxId] } })).toEqual([]);
  });

  it('keeps the box with --keep, grades it again with --attach, and cleanup removes it', async () => {
    const kept = await runCli(['grade', 'labs/uts-namespace', '--solve', '--keep', '--format', 'json']);
    expect(kept.code).toBe(0);
    const session = /session (\w+)/.exec(kept.stderr)?.[1];
    expect(session).toBeDefined();
    // The solution ended outside the new namespace, so attaching finds step 2 undone.
    const attached = await runCli(['grade', 'labs/uts-namespace', '--attach', session!, '--format', 'json']);
    const grade = JSON.parse(attached.stdout) as { mode: string; steps: { stepId: string; status: string }[] };
    expect(grade.mode).toBe('attach');
    expect(grade.steps.map((s) => `${s.stepId}:${s.status}`)).toEqual(['look-around:pass', 'unshare-uts:fail', 'set-hostname:fail', 'leave:pass']);
    const cleanup = await runCli(['cleanup', '--session', session!]);
    expect(cleanup.stdout).toContain(`removed container nslab-uts-namespace-${session}`);
    expect((await findLeftovers(await connectDocker(), session)).containers).toEqual([]);
  });
});
