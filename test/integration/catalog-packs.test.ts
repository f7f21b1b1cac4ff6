// The catalog groups labs by pack, and says of each image a pack needs whether
// the real engine has it.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../electron/app/catalog-service';
import { connectDocker } from '../../electron/env/docker/engine';
import { REPO_ROOT } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-catalog-packs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('CatalogService packs', () => {
  it('lists the shipped packs in order, with the presence of each image', async () => {
    const catalog = await new CatalogService(join(REPO_ROOT, 'labs')).listLabs();
    expect(catalog.packs.map((p) => `${p.id} ${p.version}`)).toEqual(['kernel 1.0.0', 'kubernetes-storage 1.0.0']);
    const [kernel, kube] = catalog.packs;
    expect(kernel!.labs.slice(0, 2)).toEqual(['uts-namespace', 'pid-namespace']);
    expect(kernel!.labs.at(-1)).toBe('mount-propagation');
    expect(kernel!.images).toEqual([
      { image: 'nslab/box:1', state: 'present' },
      { image: 'nslab/box-docker:1', state: 'present' },
    ]);
    // Present once `nslab prepare --pack kubernetes-storage` built it (test/cli/packs.test.ts).
    const node = kube!.images.find((i) => i.image === 'nslab/kind-node:v1.37.2-r3');
    if (node?.state !== 'present') expect(node).toMatchObject({ state: 'missing', fix: expect.stringContaining('it builds nslab/kind-node:v1.37.2-r3 from Debian') });
    // Every lab is in a pack: nothing lands under "Other".
    const packed = new Set(catalog.packs.flatMap((p) => p.labs));
    expect(catalog.labs.filter((l) => !packed.has(l.id)).map((l) => l.id)).toEqual([]);
  });

  it('says the presence is unknown, and why, when no engine answers', async () => {
    const catalog = await new CatalogService(join(REPO_ROOT, 'labs'), () => connectDocker({ socketPath: join(scratch, 'absent.sock') })).listLabs();
    expect(catalog.packs[0]!.images[0]).toMatchObject({ image: 'nslab/box:1', state: 'unknown', fix: expect.stringContaining('Start Docker') });
  });

  it('keeps a broken pack out, its problem listed, and its labs still listed', async () => {
    const labs = join(scratch, 'labs');
    mkdirSync(labs);
    cpSync(join(REPO_ROOT, 'labs/uts-namespace'), join(labs, 'uts-namespace'), { recursive: true });
    writeFileSync(join(labs, 'course.pack.yaml'), 'id: course\ntitle: Course\nversion: 1.0.0\nlabs: [uts-namespace, net-namespace]\nimages: [nslab/box:1]\n');
    const catalog = await new CatalogService(labs).listLabs();
    expect(catalog.packs).toEqual([]);
    expect(catalog.labs.map((l) => l.id)).toEqual(['uts-namespace']);
    expect(catalog.problems).toEqual([
      expect.objectContaining({ file: join(labs, 'course.pack.yaml'), line: 4, path: 'labs[1]', message: expect.stringContaining('no lab "net-namespace"') }),
    ]);
  });
});
