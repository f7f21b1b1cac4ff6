// nslab/csi-sidecars:1 built by its recipe into a cache of the test's own,
// from the sidecar binaries test/cluster/build-csi-sidecars.sh caches (built
// there once, from the Go module proxy): a `docker save` archive whose one
// layer holds the five binaries under the names the controller Deployment
// runs, tagged and labelled as nslab's with the key it is cached under (what
// `--key` prints without building, and nslab compares an engine's copy with),
// and found again, not rebuilt, by a second run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { archiveImageKey } from '../../electron/env/docker/images';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const RECIPE = fileURLToPath(new URL('../../scripts/images/build-csi-sidecars-image.sh', import.meta.url));
const cache = mkdtempSync(join(tmpdir(), 'nslab-csi-sidecars-image-'));

afterAll(() => rmSync(cache, { recursive: true, force: true }));

const build = () => execFileSync('bash', [RECIPE], { encoding: 'utf8', env: { ...process.env, NSLAB_IMAGES_CACHE: cache }, stdio: ['ignore', 'pipe', 'pipe'] }).trim().split('\n').pop()!;
const tarList = (args: string[]) => execFileSync('tar', args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });

describe('nslab/csi-sidecars:1', () => {
  it('is one layer with the five sidecar binaries, tagged and labelled with its key, built once', async () => {
    const archive = build();
    expect(archive.startsWith(cache)).toBe(true);
    const manifest = JSON.parse(tarList(['-xOf', archive, 'manifest.json'])) as { Config: string; RepoTags: string[]; Layers: string[] }[];
    expect(manifest).toHaveLength(1);
    expect(manifest[0]!.RepoTags).toEqual(['nslab/csi-sidecars:1']);
    const config = JSON.parse(tarList(['-xOf', archive, manifest[0]!.Config])) as { config: { Labels: Record<string, string> } };
    const key = /nslab-csi-sidecars-1-([0-9a-f]{16})\.tar$/.exec(archive)![1]!;
    expect(config.config.Labels).toEqual({ 'nslab.image': 'csi-sidecars', 'nslab.key': key });
    expect(await archiveImageKey(REPO, 'nslab/csi-sidecars:1')).toBe(key);
    expect(manifest[0]!.Layers).toHaveLength(1);
    const files = execFileSync('sh', ['-c', 'tar -xOf "$0" "$1" | tar -t', archive, manifest[0]!.Layers[0]!], { encoding: 'utf8' }).split('\n');
    for (const binary of ['csi-provisioner', 'csi-attacher', 'csi-resizer', 'csi-snapshotter', 'snapshot-controller']) expect(files).toContain(`./bin/${binary}`);
    // no shell: nothing in the image but the binaries, a passwd and a /tmp
    expect(files.filter((f) => f.startsWith('./bin/') && f !== './bin/')).toHaveLength(5);

    const { mtimeMs } = statSync(archive);
    expect(build()).toBe(archive);
    expect(statSync(archive).mtimeMs).toBe(mtimeMs);
  }, 120_000);
});
