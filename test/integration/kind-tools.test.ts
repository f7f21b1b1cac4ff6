// Detection of what a kind cluster needs, on this machine's real kubectl and
// docker, with PATHs that lack some of them: the message must name exactly
// what is missing and how to get it.
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectKindTools, findOnPath, requireKindTools } from '../../electron/env/kind/kind-tools';
import { EnvironmentError } from '../../electron/env/errors';
import { runCli } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-kind-tools-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A PATH of one folder holding links to the real tools named. */
function pathWith(...tools: string[]): string {
  const dir = mkdtempSync(join(scratch, 'bin-'));
  for (const tool of tools) {
    const real = findOnPath(tool, process.env.PATH ?? '');
    if (!real) throw new Error(`this test needs ${tool} on PATH`);
    symlinkSync(real, join(dir, tool));
  }
  return dir;
}

describe('detectKindTools', () => {
  it('finds kubectl and docker (with the engine) and says kind is missing, with how to install it', async () => {
    const report = await detectKindTools(pathWith('kubectl', 'docker'));
    const byTool = Object.fromEntries(report.checks.map((c) => [c.requirement, c]));
    expect(byTool.kubectl).toMatchObject({ met: true, version: expect.stringMatching(/^v1\.\d+/) });
    expect(byTool.docker).toMatchObject({ met: true, detail: expect.stringMatching(/^Docker engine \d+\.\d+.*, docker CLI \d+/) });
    expect(byTool.kind).toMatchObject({ met: false, detail: 'kind is not on PATH.' });

    const error = (() => {
      try {
        requireKindTools(report);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).message).toBe('A kind cluster needs kind: kind is not on PATH.');
    expect((error as EnvironmentError).fix).toContain('go install sigs.k8s.io/kind@latest');
    expect((error as EnvironmentError).fix).toContain('https://kind.sigs.k8s.io/docs/user/quick-start/#installation');
  });

  it('names every missing tool at once on an empty PATH', async () => {
    const report = await detectKindTools(pathWith());
    expect(report.checks.filter((c) => !c.met).map((c) => c.requirement)).toEqual(['kind', 'kubectl', 'docker']);
    expect(() => requireKindTools(report)).toThrow(/^A kind cluster needs kind and kubectl and docker: kind is not on PATH\. kubectl is not on PATH\. kind runs `docker` to make its nodes, and docker is not on PATH\.$/);
  });
});

describe('nslab cluster without kind', () => {
  it('asks what to do when no action (or an unknown one) is given, exit 2', async () => {
    for (const args of [['cluster'], ['cluster', 'toString']]) {
      const { code, stderr } = await runCli(args);
      expect(code).toBe(2);
      expect(stderr).toMatch(/^nslab cluster: say what to do with the kind cluster: create, delete, status\nusage:\n  nslab cluster create/);
    }
  });


  it('lists each tool, says kind is missing and how to get it, exit 2', async () => {
    const { code, stdout } = await runCli(['cluster', 'status'], { PATH: pathWith('kubectl', 'docker') });
    expect(code).toBe(2);
    expect(stdout).toMatch(/^✘ kind +kind is not on PATH\.\n +→ Install kind \(https:\/\/kind\.sigs\.k8s\.io/m);
    expect(stdout).toMatch(/^✔ kubectl +kubectl v1\.\d+/m);
    expect(stdout).toMatch(/^✔ docker +Docker engine /m);
  });

  it('refuses create with the same message (exit 2), touching nothing', async () => {
    const home = mkdtempSync(join(scratch, 'home-'));
    const { code, stderr } = await runCli(['cluster', 'create'], { PATH: pathWith('kubectl', 'docker'), HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
    expect(code).toBe(2);
    expect(stderr).toContain('nslab cluster: A kind cluster needs kind: kind is not on PATH.\n  → Install kind');
    expect(readdirSync(home)).toEqual([]);
  });
});
