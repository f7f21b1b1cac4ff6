// `npm run test:kind`: kind for real, as a learner's machine runs it, on the
// nslab guest's engine (cgroup v2, --privileged allowed). Too slow for CI under
// emulation, so a developer runs it before touching the kind code
// (electron/env/kind, scripts/kind-node, electron/cli/cluster.ts):
//   1. nslab's kind node image archive (scripts/kind-node/build-node-image.sh; cached)
//   2. `nslab guest up --load ARCHIVE`: the node image in the guest's engine,
//      loaded from the archive attached as a disk once, then kept as a disk
//      layer of the guest (under TCG, kind is test/cluster/build-kind-emulated.sh's:
//      upstream kind with its 30 s wait for a node's systemd raised to 5 min)
//   3. `nslab cluster create`: kind's own stages, each with its time, then
//      the install of nslab's CSI driver (its images imported into the node,
//      the node plugin, the sidecars, the snapshot-controller), and meanwhile a
//      timeline of the node (scripts/kind-timeline.ts: the kubelet's
//      start, each control-plane container's, etcd ready, the API server's /livez)
//   4. `nslab cluster status`
//   5. every Kubernetes lab's solution and first wrong attempt graded on it
//      (test/kind, vitest.kind.config.ts), no check skipped; NSLAB_KIND_LABS
//      (comma-separated lab ids) grades only those, e.g.
//      NSLAB_KIND_LABS=csi-attach-and-mount,volume-expansion-and-snapshots
//   6. `nslab cluster delete`, then proof nothing is left: no node container,
//      no kind network, no kubeconfig, no forward of its API server, no
//      follower of the CSI driver's call log nor its copy
//   7. `nslab guest down`
// Prints each stage's time and each grade's, and keeps them in test-results/kind-stage.json.
// NSLAB_KIND_BUDGET_MIN (default 120) bounds the grading.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { connectDocker } from '../electron/env/docker/engine';
import { guestRunFiles } from '../electron/env/guest/guest-paths';
import { processesMentioning } from '../electron/env/guest/guest-processes';
import { readGuestState } from '../electron/env/guest/guest-state';
import { NSLAB_CLUSTER, nslabKubeconfigPath } from '../electron/env/kind/kind-cluster';
import { kindCsiLogPath } from '../electron/env/kind/kind-csi-log';
import { KIND_CLUSTER_LABEL, KIND_NETWORK, kindNodes } from '../electron/env/kind/kind-nodes';
import { timelineLines, watchKindNode, type NodeTimeline } from './kind-timeline';
import { stageRunner } from './stage-runner';

const BUDGET_MS = Number(process.env.NSLAB_KIND_BUDGET_MIN ?? 120) * 60_000;
const stage = stageRunner('kind stage', BUDGET_MS);
const { say, run, timed } = stage;
const nslab = (args: string[], env: NodeJS.ProcessEnv = {}) => run(process.execPath, ['bin/nslab.mjs', ...args], env);

/** The directory a build script prints last: kind and kubectl built from source, cached. */
function builtBin(script: string): string {
  return execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
}

/** The `created in N s` line `nslab cluster create` prints, as seconds. */
function createSeconds(stdout: string): number | undefined {
  const create = /^created in (\d+) s$/m.exec(stdout);
  return create ? Number(create[1]) : undefined;
}

/** Pure: the `✔ <stage> (N s)` lines `nslab cluster create` prints, as stage → seconds. */
function kindStageSeconds(stdout: string): Record<string, number> {
  return Object.fromEntries([...stdout.matchAll(/^[✔✘] (.+) \((\d+) s\)$/gm)].map((m) => [m[1]!, Number(m[2])]));
}

/**
 * The guest's memory for a kind node: the control plane, etcd's data on the
 * node's tmpfs and the labs' pods, with room for the page cache that keeps the
 * node image's files from being read again from the emulated disk.
 */
const GUEST_MEMORY_MIB = '6144';

/** What a deleted cluster must not leave on the engine or here. */
async function leftovers(): Promise<string[]> {
  const docker = await connectDocker();
  const left: string[] = [];
  const nodes = await kindNodes(docker);
  if (nodes.length > 0) left.push(`node containers (${KIND_CLUSTER_LABEL}): ${nodes.map((n) => n.name).join(', ')}`);
  const networks = await docker.listNetworks({ filters: { name: [KIND_NETWORK] } });
  if (networks.some((n) => n.Name === KIND_NETWORK)) left.push(`the Docker network "${KIND_NETWORK}"`);
  if (existsSync(nslabKubeconfigPath())) left.push(nslabKubeconfigPath());
  const forwards = await processesMentioning(`${guestRunFiles().dir}/forward-`);
  if (forwards.length > 0) left.push(`API server forwards (pids ${forwards.join(', ')})`);
  const followers = await processesMentioning(kindCsiLogPath(NSLAB_CLUSTER));
  if (followers.length > 0) left.push(`followers of the CSI call log (pids ${followers.join(', ')})`);
  if (existsSync(kindCsiLogPath(NSLAB_CLUSTER))) left.push(kindCsiLogPath(NSLAB_CLUSTER));
  return left;
}

/** How often the node is read while the labs are graded: less often than during create, as each read costs the node CPU. */
const GRADING_PERIOD_MS = 60_000;

/**
 * The labs graded on the cluster (vitest.kind.config.ts), the node still
 * watched: a control-plane container that exits meanwhile is in the timeline
 * with its exit code and the kube-system warnings (a failed probe, a kill).
 */
async function grades(env: NodeJS.ProcessEnv, node: string, created: NodeTimeline, createStarted: number, figures: { gradingTimeline?: string[] }): Promise<number> {
  const watch = watchKindNode(await connectDocker(), node, GRADING_PERIOD_MS, created);
  const graded = await timed('grades on kind', () => run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.kind.config.ts'], env, true));
  figures.gradingTimeline = timelineLines(await watch.stop(), createStarted);
  say(`the node's timeline through the grades (s after \`cluster create\` began):\n  ${figures.gradingTimeline.join('\n  ')}`);
  return graded.code;
}

async function main(): Promise<number> {
  // The cluster's kubeconfig (nslab's config folder) goes to a folder of this
  // run's own, never the developer's ~/.config/nslab: everything nslab runs
  // from here inherits it, and nothing is left there after.
  const config = mkdtempSync(join(tmpdir(), 'nslab-test-kind-'));
  process.env.XDG_CONFIG_HOME = config;
  try {
    return await stages();
  } finally {
    rmSync(config, { recursive: true, force: true });
  }
}

async function stages(): Promise<number> {
  const built = await timed('node image archive (build, or cached)', () => run('bash', ['scripts/kind-node/build-node-image.sh']));
  const archive = built.stdout.trim().split('\n').pop() ?? '';
  if (built.code !== 0 || !existsSync(archive)) {
    say(`NOT RUN: no node image archive (exit ${built.code}; its reason is above)`);
    return 1;
  }
  const up = await timed('guest up, the node image loaded (or cached in its disk)', () => nslab(['guest', 'up', '--memory', GUEST_MEMORY_MIB, '--load', archive]));
  const dockerHost = up.stdout.trim().split('\n').pop() ?? '';
  if (up.code !== 0 || !dockerHost.startsWith('unix://')) {
    say(`NOT RUN: the guest did not come up (exit ${up.code}; its reason is above)`);
    await nslab(['guest', 'down']);
    return 1;
  }
  // Under emulation kind's 30 s wait for a node's systemd is too short: the stand-in waits 5 min.
  const guest = await readGuestState(guestRunFiles().state);
  const accel = guest?.accel;
  const figures: { loadSeconds?: number; createSeconds?: number; kindStages?: Record<string, number>; nodeTimeline?: string[]; gradingTimeline?: string[] } = {
    loadSeconds: guest?.imagesLoadSeconds,
  };
  say(`node image in the guest's engine: ${figures.loadSeconds ? `loaded in ${figures.loadSeconds.toFixed(0)} s` : 'cached in its disk'}`);
  const kindScript = accel === 'tcg' ? 'test/cluster/build-kind-emulated.sh' : 'test/cluster/build-kind.sh';
  say(`guest on ${accel}: kind from ${kindScript}`);
  const path = [builtBin('test/cluster/build-control-plane.sh'), builtBin(kindScript), process.env.PATH ?? ''].join(delimiter);
  const env = { DOCKER_HOST: dockerHost, PATH: path };
  process.env.DOCKER_HOST = dockerHost;
  let code = 1;
  const node = `${NSLAB_CLUSTER}-control-plane`;
  try {
    const watch = watchKindNode(await connectDocker(), node);
    const createStarted = Date.now() / 1000;
    const create = await timed('cluster create (kind)', () => nslab(['cluster', 'create'], env));
    const timeline = await watch.stop();
    figures.createSeconds = createSeconds(create.stdout);
    figures.kindStages = kindStageSeconds(create.stdout);
    say(`kind's create took ${figures.createSeconds ?? '?'} s: ${Object.entries(figures.kindStages).map(([s, t]) => `${s} ${t} s`).join(', ')}`);
    figures.nodeTimeline = timelineLines(timeline, createStarted);
    say(`the node's timeline (s after \`cluster create\` began):\n  ${figures.nodeTimeline.join('\n  ')}`);
    if (create.code !== 0) {
      say(`FAILED: nslab cluster create (exit ${create.code}; its reason is above)`);
    } else {
      const status = await timed('cluster status', () => nslab(['cluster', 'status'], env));
      if (status.code !== 0) say(`FAILED: nslab cluster status (exit ${status.code})`);
      else code = await grades(env, node, timeline, createStarted, figures);
    }
  } finally {
    await timed('cluster delete', () => nslab(['cluster', 'delete'], env));
    const left = await leftovers();
    if (left.length > 0) {
      say(`FAILED: cluster delete left ${left.join('; ')}`);
      code = 1;
    } else {
      say('cluster delete left no node container, network, kubeconfig, forward, CSI log follower or copy');
    }
    await timed('guest down', () => nslab(['guest', 'down']));
  }
  stage.report('kind-stage.json', { ...figures, accel, outOfTime: stage.outOfTime });
  return stage.outOfTime ? 1 : code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
