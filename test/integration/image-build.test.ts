// buildLabImage on the real engine, through the real scripts/ensure-box-image.sh,
// in a scratch copy of the repository whose package.json names the box image
// nslab/prepare-build-test:1 (the real nslab/box:1 is never rebuilt or removed).
// Its Dockerfile starts FROM the local box image, so it builds with no registry;
// without debootstrap on PATH the script takes its `docker build` branch, and
// DOCKER_BUILDKIT=0 picks the classic builder (this machine has no buildx).
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildStage } from '../../electron/env/docker/build-progress';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import { buildLabImage, imagePresent } from '../../electron/env/docker/images';
import { EnvironmentError } from '../../electron/env/errors';
import { REPO_ROOT } from '../helpers/cli';

const TAG = 'nslab/prepare-build-test:1';
const scratch = mkdtempSync(join(tmpdir(), 'nslab-image-build-'));
let docker: Docker;

function repoCopy(name: string, dockerfile: string): string {
  const root = join(scratch, name);
  cpSync(join(REPO_ROOT, 'scripts'), join(root, 'scripts'), { recursive: true });
  mkdirSync(join(root, 'labs/images/box'), { recursive: true });
  writeFileSync(join(root, 'labs/images/box/Dockerfile'), dockerfile);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ nslab: { images: { box: TAG } } }));
  return root;
}

beforeAll(async () => {
  docker = await connectDocker();
  process.env.PATH = '/usr/local/bin:/usr/bin:/bin';
  process.env.DOCKER_BUILDKIT = '0';
});
afterAll(async () => {
  await docker.getImage(TAG).remove().catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

describe('buildLabImage', () => {
  it('builds through ensure-box-image.sh, reporting each stage', { timeout: 120_000 }, async () => {
    const root = repoCopy('ok', `FROM ${DEFAULT_BOX_IMAGE}\nLABEL nslab.image=prepare-build-test\n`);
    const stages: BuildStage[] = [];
    await buildLabImage(root, 'box', (stage) => stages.push(stage));
    expect(stages).toEqual([
      { index: 1, total: 2, label: `FROM ${DEFAULT_BOX_IMAGE}` },
      { index: 2, total: 2, label: 'LABEL nslab.image=prepare-build-test' },
    ]);
    expect(await imagePresent(docker, TAG)).toBe(true);
  });

  it('fails with the end of the build output and how to see all of it', { timeout: 120_000 }, async () => {
    await docker.getImage(TAG).remove().catch(() => undefined);
    // in whole seconds, as the engine's Created is
    const started = Math.floor(Date.now() / 1000) * 1000;
    const root = repoCopy('broken', `FROM ${DEFAULT_BOX_IMAGE}\nRUN echo the-build-broke && exit 3\n`);
    const failure = await buildLabImage(root, 'box', () => undefined).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(EnvironmentError);
    expect((failure as EnvironmentError).message).toMatch(/^Building the box image \(labs\/images\/box\) failed \(exit \d+\):\n/);
    expect((failure as EnvironmentError).message).toContain('the-build-broke');
    expect((failure as EnvironmentError).fix).toContain('bash scripts/ensure-box-image.sh box');
    expect(await imagePresent(docker, TAG)).toBe(false);
    // The failed step's container goes too (docker build --force-rm): nothing of ours is left behind.
    // Only this build's: the engine is shared, and another run's leftovers are not this one's to judge.
    const left = await docker.listContainers({ all: true, filters: { ancestor: [DEFAULT_BOX_IMAGE] } });
    expect(left.filter((c) => c.Command.includes('the-build-broke') && c.Created * 1000 >= started)).toEqual([]);
  });
});
