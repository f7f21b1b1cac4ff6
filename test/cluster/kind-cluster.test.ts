// The real kind CLI, built from source by build-kind.sh (about 70 s on a cold
// Go cache, cached after), driven by nslab. No kindest/node image can be pulled
// here, so a create must fail with nslab's message, show kind's stages, and
// leave no node container and nothing in HOME; delete and status are shown on a
// stand-in node container (nslab/box:1 with kind's label), which kind itself
// finds by that label and removes.
import type Docker from 'dockerode';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import { EnvironmentError } from '../../electron/env/errors';
import { KindCluster, NSLAB_CLUSTER } from '../../electron/env/kind/kind-cluster';
import { KIND_CLUSTER_LABEL, kindNodes } from '../../electron/env/kind/kind-nodes';
import type { KindEvent } from '../../electron/env/kind/kind-output';
import { detectKindTools, requireKindTools } from '../../electron/env/kind/kind-tools';
import { runCli } from '../helpers/cli';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nslab-kind-'));
let kindDir = '';
let searchPath = '';
let docker: Docker;
/** Why the create tests cannot show a missing image here, if they cannot. */
let nodeImagePresent = false;
/** A real cluster "nslab" is the learner's: these tests leave it alone. */
let nslabClusterPresent = false;

beforeAll(async () => {
  kindDir = execFileSync('bash', [join(HERE, 'build-kind.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
  searchPath = `${kindDir}${delimiter}${process.env.PATH ?? ''}`;
  docker = await connectDocker();
  nodeImagePresent = (await docker.listImages({ filters: { reference: ['kindest/node'] } })).length > 0;
  nslabClusterPresent = (await kindNodes(docker, NSLAB_CLUSTER)).length > 0;
  if (nodeImagePresent) process.stderr.write('kind: a kindest/node image is present, so the "no node image" tests are skipped\n');
  if (nslabClusterPresent) process.stderr.write('kind: a kind cluster "nslab" exists here; the tests that use that name are skipped\n');
}, 5 * 60_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh HOME and config folder, so that what nslab writes there shows. */
function freshHome(): { HOME: string; XDG_CONFIG_HOME: string } {
  const home = mkdtempSync(join(scratch, 'home-'));
  return { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
}

describe('kind, built from source', () => {
  it('is found by detection, with its version, beside kubectl and the engine', async () => {
    const report = await detectKindTools(searchPath);
    expect(report.checks.find((c) => c.requirement === 'kind')).toMatchObject({ met: true, path: join(kindDir, 'kind'), version: expect.stringMatching(/^v0\.\d+\.\d+$/) });
    expect(report.checks.every((c) => c.met)).toBe(true);
  });

  it('fails a create without a node image with nslab\'s message, streaming kind\'s stages, leaving no container', async (ctx) => {
    if (nodeImagePresent) ctx.skip();
    const name = `nslab-t${process.pid}`;
    const kubeconfigPath = join(scratch, 'own', 'kubeconfig');
    const cluster = new KindCluster(requireKindTools(await detectKindTools(searchPath)), { name, kubeconfigPath });
    const events: KindEvent[] = [];

    const failure = await cluster.create({ onEvent: (e) => events.push(e) }).catch((e: unknown) => e);

    expect(failure).toBeInstanceOf(EnvironmentError);
    expect((failure as EnvironmentError).message).toMatch(/^kind could not get its node image kindest\/node:v1\.\d+\.\d+: the Docker engine cannot pull it \(.+\)\.$/);
    expect((failure as EnvironmentError).fix).toMatch(/docker load -i kind-node\.tar` and `nslab cluster create --image kindest\/node:v1\.\d+\.\d+`/);
    expect(events).toContainEqual({ type: 'note', text: `Creating cluster "${name}" ...` });
    expect(events.filter((e) => e.type === 'stage').map((e) => e.type === 'stage' && `${e.stage} ${e.state}`)).toEqual(['node-image running', 'node-image failed']);
    expect(await kindNodes(docker, name)).toEqual([]);
    expect(await cluster.exists()).toBe(false);
    expect(existsSync(kubeconfigPath)).toBe(false);
  });

  it('`nslab cluster create --image kindest/node:…` prints the failed stage with its time and the fix, and writes nothing to ~/.kube', async (ctx) => {
    if (nodeImagePresent || nslabClusterPresent) ctx.skip();
    const home = freshHome();
    const { code, stdout, stderr } = await runCli(['cluster', 'create', '--image', 'kindest/node:v1.37.0'], { PATH: searchPath, ...home });
    expect(code).toBe(2);
    expect(stdout).toMatch(/^creating the kind cluster nslab on kindest\/node:v1\.37\.0\n✘ Ensuring node image \(kindest\/node:v1\.\d+\.\d+\) \(\d+ s\)\n$/);
    expect(stderr).toMatch(/^nslab cluster: kind could not get its node image kindest\/node:v1\.\d+\.\d+: .*\n  → `nslab cluster create` without --image uses nslab's own node image/);
    expect(await kindNodes(docker, NSLAB_CLUSTER)).toEqual([]);
    // Only nslab's own folder: no ~/.kube, no kubeconfig left by the failed attempt.
    expect(readdirSync(home.HOME)).toEqual(['.config']);
    expect(readdirSync(join(home.XDG_CONFIG_HOME, 'nslab', 'kind'))).toEqual([]);
  });
});

describe('a cluster "nslab" on a stand-in node container', () => {
  let standIn: Docker.Container | undefined;

  beforeAll(async () => {
    if (nslabClusterPresent) return;
    // A stand-in, not a kind node: no kindest/node image can run here. It carries
    // kind's label and node name, which is all kind and nslab look for.
    standIn = await docker.createContainer({
      Image: DEFAULT_BOX_IMAGE,
      name: `${NSLAB_CLUSTER}-control-plane`,
      Cmd: ['sleep', 'infinity'],
      Labels: { [KIND_CLUSTER_LABEL]: NSLAB_CLUSTER, 'io.x-k8s.kind.role': 'control-plane' },
      HostConfig: { NetworkMode: 'none', AutoRemove: false },
    });
    await standIn.start();
  });
  afterAll(async () => {
    await standIn?.remove({ force: true }).catch(() => undefined);
  });

  it('`nslab cluster status` lists its node, exit 0', async (ctx) => {
    if (!standIn) ctx.skip();
    const { code, stdout } = await runCli(['cluster', 'status'], { PATH: searchPath, ...freshHome() });
    expect(stdout).toMatch(/^✔ cluster +nslab: nslab-control-plane\n {2}kubeconfig: .*\/\.config\/nslab\/kind\/nslab\.kubeconfig \(context kind-nslab; your own kubeconfig is unchanged\)$/m);
    expect(code).toBe(0);
  });

  it('`nslab cleanup --dry-run` points at it and keeps it', async (ctx) => {
    if (!standIn) ctx.skip();
    const { code, stdout } = await runCli(['cleanup', '--dry-run']);
    expect(code).toBe(0);
    expect(stdout).toContain('kept the kind cluster nslab (nslab-control-plane); `nslab cluster delete` removes it\n');
  });

  it('`nslab cluster create` takes it as there, and says kind cannot read its kubeconfig from it', async (ctx) => {
    if (!standIn) ctx.skip();
    const { code, stderr } = await runCli(['cluster', 'create'], { PATH: searchPath, ...freshHome() });
    // kind reads /etc/kubernetes/admin.conf in the node, which a stand-in does not have.
    expect(stderr).toMatch(/^nslab cluster: kind could not export the kubeconfig of "nslab": failed to get cluster internal kubeconfig: .*\n {2}→ Check the cluster with `nslab cluster status`/);
    expect(code).toBe(2);
  });

  it('`nslab cluster delete` has kind remove it, found by its label', async (ctx) => {
    if (!standIn) ctx.skip();
    const { code, stdout } = await runCli(['cluster', 'delete'], { PATH: searchPath, ...freshHome() });
    expect(stdout).toMatch(/^deleted the kind cluster nslab and its kubeconfig .*nslab\.kubeconfig\n$/);
    expect(code).toBe(0);
    expect(await kindNodes(docker, NSLAB_CLUSTER)).toEqual([]);
    const again = await runCli(['cluster', 'delete'], { PATH: searchPath, ...freshHome() });
    expect(again.stdout).toBe('there is no kind cluster nslab: nothing to delete\n');
  });
});
