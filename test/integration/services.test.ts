// Main-process services, run under plain Node (no Electron), on the real labs
// folder and the real engine.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../electron/app/catalog-service';
import { connectDocker, LAB_IMAGES } from '../../electron/env/docker/engine';
import { EnvironmentStatusService } from '../../electron/env/status';
import { REPO_ROOT } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-services-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('CatalogService', () => {
  it('lists the shipped labs', async () => {
    const catalog = await new CatalogService(join(REPO_ROOT, 'labs')).listLabs();
    expect(catalog.problems).toEqual([]);
    const ids = catalog.labs.map((l) => l.id);
    expect(ids).toEqual(expect.arrayContaining(['pid-namespace', 'uts-namespace', 'docker-under-the-hood']));
    // From the basics up: every beginner lab before every intermediate one.
    const levels = catalog.labs.map((l) => l.level);
    expect(levels.lastIndexOf('beginner')).toBeLessThan(levels.indexOf('intermediate'));
    expect(catalog.labs.find((l) => l.id === 'uts-namespace')).toMatchObject({ level: 'beginner', steps: 4, requires: ['docker'] });
  });

  it('keeps a broken lab visible as a located problem, and the others listed', async () => {
    cpSync(join(REPO_ROOT, 'labs/uts-namespace'), join(scratch, 'uts-namespace'), { recursive: true });
    cpSync(join(REPO_ROOT, 'labs/pid-namespace'), join(scratch, 'pid-namespace'), { recursive: true });
    const file = join(scratch, 'pid-namespace/lab.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('minutes: 15', 'minutes: -1'));
    const catalog = await new CatalogService(scratch).listLabs();
    expect(catalog.labs.map((l) => l.id)).toEqual(['uts-namespace']);
    expect(catalog.problems).toEqual([expect.objectContaining({ file, path: 'minutes', message: 'expected more than 0' })]);
  });
});

describe('EnvironmentStatusService', () => {
  it('reports the real engine and the box image', async () => {
    const status = await new EnvironmentStatusService().status();
    expect(status).toEqual([
      expect.objectContaining({ requirement: 'docker', met: true, detail: expect.stringMatching(/^Docker .+, cgroup v[12]$/) }),
      // every lab image package.json names, in its order (npm test's preparation builds them all)
      ...Object.values(LAB_IMAGES).map((tag) => ({ requirement: tag, met: true, detail: 'image present' })),
    ]);
  });

  it('says what to do when no engine answers', async () => {
    const status = await new EnvironmentStatusService(() => connectDocker({ socketPath: join(scratch, 'absent.sock') })).status();
    expect(status[0]).toMatchObject({ requirement: 'docker', met: false, fix: expect.stringContaining('Start Docker') });
    expect(status[1]).toMatchObject({ requirement: 'nslab/box:1', met: false });
  });
});
