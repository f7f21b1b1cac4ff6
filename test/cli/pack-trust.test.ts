// A lab pack that did not ship with nslab is code nobody has agreed to run yet:
// grade, prepare and serve refuse it with what it runs and where (the list
// `nslab lint` prints) and the flag that trusts it; trusted once, it runs
// without asking; changed in one byte, it asks again. The trust records live in
// a config folder of the test's own (XDG_CONFIG_HOME).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NslabService } from '../../electron/app/nslab-service';
import { packMayRun } from '../../electron/cli/pack-trust';
import { PackTrustStore } from '../../electron/labs/trust-store';
import { REPO_ROOT, runCli } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-pack-trust-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const config = join(scratch, 'config');
// No engine answers there: a run the gate lets through stops at "No Docker engine", having started nothing.
const env = { XDG_CONFIG_HOME: config, DOCKER_HOST: `unix://${join(scratch, 'no-docker.sock')}` };
const pack = join(scratch, 'course');
mkdirSync(pack);
cpSync(join(REPO_ROOT, 'labs/uts-namespace'), join(pack, 'uts-namespace'), { recursive: true });
const lab = join(pack, 'uts-namespace');
const REFUSED = 'this lab pack did not ship with nslab and you have not trusted it yet';

/** The lines `nslab lint` prints under "What each lab runs, and where:". */
async function lintList(folder: string): Promise<string[]> {
  const { stdout } = await runCli(['lint', folder], env);
  return stdout.split('\n').filter((l) => l.startsWith('uts-namespace:') || l.startsWith('    '));
}

describe('a lab pack not trusted yet', () => {
  it('is refused by grade with what it runs, located, and how to trust it', async () => {
    const { code, stdout, stderr } = await runCli(['grade', lab, '--solve', '--format', 'json'], env);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`nslab: ${lab}: ${REFUSED}`);
    for (const line of await lintList(lab)) expect(stderr).toContain(line);
    expect(stderr).toContain('uts-namespace: in a confined lab box');
    expect(stderr).toContain(`→ read it (\`nslab lint ${lab}\` prints the same), then run again with --trust-pack: nslab grade ${lab} --solve --format json --trust-pack`);
  });

  it('is refused by prepare and serve too, before anything starts', async () => {
    writeFileSync(join(pack, 'course.pack.yaml'), 'id: course\ntitle: Course\nversion: 1.0.0\nlabs: [uts-namespace]\nimages: [nslab/box:1]\n');
    const prepare = await runCli(['prepare', '--labs', pack], env);
    expect(prepare.code).toBe(2);
    expect(prepare.stderr).toContain(`nslab: ${pack}: ${REFUSED}`);
    expect(prepare.stdout).not.toContain('image');
    const serve = await runCli(['serve', '--labs', pack], env);
    expect(serve.code).toBe(2);
    expect(serve.stderr).toContain(`nslab: ${pack}: ${REFUSED}`);
    expect(serve.stdout).not.toContain('nslab is ready');
  });

  it('is refused for a folder of submissions graded against it, before any engine is chosen', async () => {
    const submissions = join(scratch, 'submissions');
    mkdirSync(submissions);
    writeFileSync(join(submissions, 'uts-namespace.sh'), 'hostname lab\n');
    const { code, stderr } = await runCli(['grade', submissions, '--labs', pack, '--trust-submissions'], env);
    expect(code).toBe(2);
    expect(stderr).toContain(`nslab: ${pack}: ${REFUSED}`);
    expect(stderr).not.toContain('grading kernel labs on');
  });

  it('runs with --trust-pack, then without asking; a changed pack asks again', async () => {
    const trusted = await runCli(['grade', lab, '--solve', '--format', 'json', '--trust-pack'], env);
    expect(trusted.stderr).toContain('trusting this lab pack from now on, as --trust-pack says');
    expect(trusted.stdout).toContain('No Docker engine answers');

    const again = await runCli(['grade', lab, '--solve', '--format', 'json'], env);
    expect(again.stderr).not.toContain(REFUSED);
    expect(again.stdout).toContain('No Docker engine answers');

    const file = join(config, 'nslab', 'trusted-packs.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(lab);

    writeFileSync(join(lab, 'steps', 'extra.md'), 'one more file\n');
    const changed = await runCli(['grade', lab, '--solve', '--format', 'json'], env);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain(REFUSED);
  });

  it('never asks about the labs that ship with nslab', async () => {
    const { stderr } = await runCli(['grade', 'labs/uts-namespace', '--solve', '--format', 'json'], env);
    expect(stderr).not.toContain(REFUSED);
  });
});

describe('a pack a server trusted at start', () => {
  // `nslab serve --labs PACK` checks the pack once, then loads each lab from disk when it is
  // opened, for as long as it runs: the service it starts checks the digest again at each load.
  it('opens its labs while it is the content trusted, and refuses them once it is edited', async () => {
    const served = join(scratch, 'served');
    mkdirSync(served);
    cpSync(join(REPO_ROOT, 'labs/uts-namespace'), join(served, 'uts-namespace'), { recursive: true });
    const permit = await packMayRun(served, true, 'nslab serve --labs served', new PackTrustStore(join(scratch, 'served-trust.json')));
    expect(permit?.digest).toMatch(/\S/);
    const service = new NslabService({ labsDir: served, labsDigest: permit?.digest, progressFile: join(scratch, 'served-progress.json') });
    try {
      expect((await service.getLab('uts-namespace')).id).toBe('uts-namespace');
      const labFile = join(served, 'uts-namespace', 'lab.yaml');
      writeFileSync(labFile, `${readFileSync(labFile, 'utf8')}# edited during the class\n`);
      await expect(service.getLab('uts-namespace')).rejects.toThrow(/changed since nslab started .*its labs are not opened/);
    } finally {
      await service.dispose();
    }
  });
});
