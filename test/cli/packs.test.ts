// Lab packs from the command line: lint says which lab a pack names that does
// not exist, and `nslab prepare` readies, saves and loads a pack's images on the
// real engine. The image it removes and loads back is a re-tagged copy of the
// box image (nslab/prepare-test:<pid>): nslab/box:1 itself is never removed.
import { spawn } from '@lydell/node-pty';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker, DEFAULT_BOX_IMAGE, KUBE_TOOLS_IMAGE } from '../../electron/env/docker/engine';
import { REPO_ROOT, runCli } from '../helpers/cli';

// A tag of this run's own: runs side by side on one engine must not remove each other's.
const COPY_TAG = String(process.pid);
const COPY = `nslab/prepare-test:${COPY_TAG}`;
const scratch = mkdtempSync(join(tmpdir(), 'nslab-packs-'));
const labs = join(scratch, 'labs');
const tar = join(scratch, 'prepare-test.tar');
let docker: Docker;

const imageId = (image: string) => docker.getImage(image).inspect().then((i) => i.Id, () => undefined);

beforeAll(async () => {
  docker = await connectDocker();
  mkdirSync(labs);
  cpSync(join(REPO_ROOT, 'labs/uts-namespace'), join(labs, 'uts-namespace'), { recursive: true });
  cpSync(join(REPO_ROOT, 'labs/static-pv-binding'), join(labs, 'static-pv-binding'), { recursive: true });
  writeFileSync(join(labs, 'prepare-kube.pack.yaml'), ['id: prepare-kube', 'title: Prepare kube', 'version: 0.1.0', 'labs: [static-pv-binding]', `images: [${KUBE_TOOLS_IMAGE}, ${COPY}]`, ''].join('\n'));
  writeFileSync(
    join(labs, 'prepare-test.pack.yaml'),
    ['id: prepare-test', 'title: Prepare test', 'version: 0.1.0', 'labs: [uts-namespace]', `images: [${DEFAULT_BOX_IMAGE}, ${COPY}]`, ''].join('\n'),
  );
  await docker.getImage(DEFAULT_BOX_IMAGE).tag({ repo: 'nslab/prepare-test', tag: COPY_TAG });
});
afterAll(async () => {
  // Only the tag: the image stays, as nslab/box:1.
  await docker.getImage(COPY).remove().catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

describe('nslab lint on packs', () => {
  it('passes the shipped packs', async () => {
    const { code, stdout } = await runCli(['lint', 'labs']);
    expect(code).toBe(0);
    expect(stdout).toContain('✔ 2 pack(s) valid: kernel, kubernetes-storage');
  });

  it('names a lab a pack lists that does not exist, at its line', async () => {
    const dir = join(scratch, 'lint');
    cpSync(labs, dir, { recursive: true });
    writeFileSync(join(dir, 'broken.pack.yaml'), 'id: broken\ntitle: Broken\nversion: 1.0.0\nlabs:\n  - uts-namespace\n  - wait-for-first-consumer\nimages: [nslab/box:1]\n');
    const { code, stderr } = await runCli(['lint', dir]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${join(dir, 'broken.pack.yaml')}:6:5: labs[1]: no lab "wait-for-first-consumer" in ${dir} (a lab is a folder wait-for-first-consumer/ with lab.yaml)`);
  });
});

describe('nslab prepare', () => {
  it('finds every image of the pack present', async () => {
    const { code, stdout } = await runCli(['prepare', '--labs', labs, '--pack', 'prepare-test', '--trust-pack']);
    expect(code).toBe(0);
    expect(stdout).toContain('pack prepare-test 0.1.0: 2 image(s)');
    expect(stdout).toContain(`✔ ${DEFAULT_BOX_IMAGE} present`);
    expect(stdout).toContain(`✔ ${COPY} present`);
  });

  it('says why a Kubernetes pack\'s pod images were not loaded into a kind node, and when they will be', async () => {
    // No kind on this PATH: nslab's own message for it, not a failure of prepare.
    const { code, stdout } = await runCli(['prepare', '--labs', labs, '--pack', 'prepare-kube', '--trust-pack'], { PATH: '/usr/bin:/bin' });
    expect(code).toBe(0);
    expect(stdout).toContain(`· not loaded into the kind cluster (A kind cluster needs kind`);
    expect(stdout).toContain(`after \`nslab cluster create\`, run this again to load ${COPY} into its node`);
  });

  it('saves the pack as one tarball holding both tags', async () => {
    const { code, stdout, stderr } = await runCli(['prepare', '--labs', labs, '--pack', 'prepare-test', '--trust-pack', '--save', tar]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(new RegExp(`saved nslab/box:1, ${COPY} to ${tar} \\(\\d+\\.\\d MB\\) in [\\d.]+ s`));
    expect(statSync(tar).size).toBeGreaterThan(10_000_000);
    const manifest = JSON.parse(execFileSync('tar', ['-xOf', tar, 'manifest.json'], { encoding: 'utf8' })) as { RepoTags: string[] }[];
    expect(manifest.flatMap((m) => m.RepoTags)).toEqual(expect.arrayContaining([DEFAULT_BOX_IMAGE, COPY]));
    expect(existsSync(`${tar}.partial`)).toBe(false);
    console.log(`prepare --save: ${(statSync(tar).size / 1e6).toFixed(1)} MB (${stdout.trim()})`);
  });

  it('says a missing image it cannot build is missing, how to get it, and will not save without it', async () => {
    await docker.getImage(COPY).remove();
    expect(await imageId(DEFAULT_BOX_IMAGE)).toBeDefined();
    const checked = await runCli(['prepare', '--labs', labs, '--pack', 'prepare-test', '--trust-pack']);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain(`✘ ${COPY} missing`);
    expect(checked.stdout).toContain(`→ nslab cannot build ${COPY}. Where a registry answers: \`docker pull ${COPY}\`, then \`nslab prepare --pack prepare-test --save prepare-test.tar\``);
    const other = join(scratch, 'not-written.tar');
    const refused = await runCli(['prepare', '--labs', labs, '--pack', 'prepare-test', '--trust-pack', '--save', other]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`not saving ${other}: ${COPY} is missing`);
    expect(existsSync(other)).toBe(false);
  });

  it('loads the tarball back and finds every image present', async () => {
    expect(await imageId(COPY)).toBeUndefined();
    const { code, stdout, stderr } = await runCli(['prepare', '--labs', labs, '--pack', 'prepare-test', '--trust-pack', '--load', tar]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(new RegExp(`loaded .*${COPY}.* from `));
    expect(stdout).toContain(`✔ ${COPY} present`);
    expect(await imageId(COPY)).toBe(await imageId(DEFAULT_BOX_IMAGE));
  });

  it('draws a progress bar on a terminal', { timeout: 120_000 }, async () => {
    const out = join(scratch, 'tty.tar');
    const pty = spawn(process.execPath, ['bin/nslab.mjs', 'prepare', '--labs', labs, '--pack', 'prepare-test', '--trust-pack', '--save', out], {
      cwd: REPO_ROOT,
      cols: 120,
      rows: 30,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let screen = '';
    pty.onData((data) => (screen += data));
    const code = await new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)));
    expect(code, screen).toBe(0);
    // Redrawn in place: a carriage return, then the bar with its percentage and bytes.
    expect(screen).toMatch(/\r(\x1b\[2K)?\r?saving tty\.tar \[[█░]{24}\] +\d+% [\d.]+ [kMG]?B \/ [\d.]+ [kMG]?B/);
  });

  it('refuses a tarball that is not one, saying what to load', async () => {
    const bogus = join(scratch, 'bogus.tar');
    writeFileSync(bogus, 'not a tarball\n');
    const { code, stderr } = await runCli(['prepare', '--labs', labs, '--pack', 'prepare-test', '--trust-pack', '--load', bogus]);
    expect(code).toBe(2);
    expect(stderr).toContain(`Loading ${bogus} failed`);
    expect(stderr).toContain('Load a tarball made by `nslab prepare --save`');
  });

  it('names the packs there are when asked for one that is not', async () => {
    const { code, stderr } = await runCli(['prepare', '--labs', labs, '--pack', 'nope']);
    expect(code).toBe(2);
    expect(stderr).toContain(`no pack "nope" in ${labs} (packs: prepare-kube, prepare-test)`);
  });

  // The real build when the engine lacks them: nslab's kind node image from its
  // recipe (about 2 minutes with the Debian root and the binaries cached, then a
  // load of about 1 GB), busybox from Debian's busybox-static. Both stay on the
  // engine, labelled, so a second run finds them present.
  it("builds the shipped Kubernetes pack's kind node image and busybox, with no registry", async () => {
    const { code, stdout, stderr } = await runCli(['prepare', '--pack', 'kubernetes-storage']);
    expect(stdout).toMatch(/^ {2}✔ nslab\/kind-node:v1\.37\.2-r3 (present|built in [\d.]+ s)$/m);
    expect(stdout).toMatch(/^ {2}✔ busybox:1\.36 (present|built in [\d.]+ s)$/m);
    expect(stdout).toContain('✔ every image is present');
    expect(code, stderr).toBe(0);
    expect((await docker.getImage('nslab/kind-node:v1.37.2-r3').inspect()).Config.Labels?.['nslab.image']).toBe('kind-node');
  }, 60 * 60_000);
});
