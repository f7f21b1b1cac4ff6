// `nslab cluster create [--image IMAGE] | delete | status`: the kind cluster
// "nslab" the Kubernetes labs run on, with kind's stages as progress lines.
// Its kubeconfig is nslab's own file; the learner's own is never touched.
// Without --image it runs on nslab's own node image, built (or loaded from
// its cached archive) first when the engine lacks it: no registry needed.
// Then it installs nslab's CSI driver (the CSI labs' class nslab-csi, its
// sidecars and the snapshot-controller) as a stage of its own, offline.
import type Docker from 'dockerode';
import { parseArgs } from 'node:util';
import { connectDocker } from '../env/docker/engine';
import { buildArchiveImage, imagePresent } from '../env/docker/images';
import { detectKindTools, KindCluster, kindNodes, nslabKindCluster, requireKindTools, type KindEvent, type KindToolReport } from '../env/kind';
import { isNslabNodeImage, NSLAB_KIND_NODE_IMAGE, NSLAB_NODE_KIND_CONFIG } from '../env/kind/kind-node-image';
import { installKindCsiDriver, kindCsiDriverNeedsInstall } from '../env/kind/kind-csi-driver';
import { stopCsiLog } from '../env/kind/kind-csi-log';
import { KIND_NETWORK, removeKindNetworkIfUnused } from '../env/kind/kind-nodes';
import { EXIT_ERROR, EXIT_FAIL, EXIT_PASS } from './exit-codes';
import { endProgress, progress } from './output';
import { UsageError, type CliCommand } from './command';
import { PACKAGE_ROOT } from './package-root';
import { ProgressBar } from './progress-bar';

const ACTIONS: Record<string, (args: string[]) => Promise<number>> = { create, delete: remove, status };

export async function clusterCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action?.startsWith('-')) throw new UsageError(`unknown option ${action}`);
  const run = action !== undefined && Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (!run) throw new UsageError(`say what to do with the kind cluster: ${Object.keys(ACTIONS).join(', ')}`);
  return run(rest);
}

async function create(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { image: { type: 'string' } } });
  const cluster = await nslabKindCluster();
  const docker = await connectDocker();
  if (await cluster.exists()) {
    await cluster.exportKubeconfig();
    process.stdout.write(`the kind cluster ${cluster.name} is already there\n`);
    // The CSI labs need the driver: a cluster made before nslab installed it, one whose
    // install was cut short, or one running an older build of it gets it (again) now.
    const why = await kindCsiDriverNeedsInstall(cluster, docker, PACKAGE_ROOT);
    if (why) {
      process.stdout.write(`nslab's CSI driver on it: ${why}\n`);
      await installCsiDriver(cluster, docker);
    }
    process.stdout.write(howToUse(cluster));
    return EXIT_PASS;
  }
  const image = values.image ?? NSLAB_KIND_NODE_IMAGE;
  if (values.image === undefined) await ensureNodeImage(docker, image);
  const own = await isNslabNodeImage(docker, image);
  process.stdout.write(`creating the kind cluster ${cluster.name} on ${image}${own ? " (nslab's node image: bridge CNI, no CoreDNS)" : ''}\n`);
  const started = Date.now();
  try {
    await cluster.create({ image, config: own ? NSLAB_NODE_KIND_CONFIG : undefined, onEvent: stagePrinter() });
  } finally {
    endProgress();
  }
  process.stdout.write(`created in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  await installCsiDriver(cluster, docker);
  process.stdout.write(`the kind cluster ${cluster.name} is ready\n${howToUse(cluster)}`);
  return EXIT_PASS;
}

async function remove(args: string[]): Promise<number> {
  parseArgs({ args, options: {} });
  const cluster = await nslabKindCluster();
  if (!(await cluster.exists())) {
    // A failed create leaves kind's network behind (kind removes its nodes, never the network).
    const network = (await removeKindNetworkIfUnused(await connectDocker())) ? ` (removed kind's unused network "${KIND_NETWORK}")` : '';
    await stopCsiLog(cluster.name);
    process.stdout.write(`there is no kind cluster ${cluster.name}: nothing to delete${network}\n`);
    return EXIT_PASS;
  }
  await cluster.delete();
  process.stdout.write(`deleted the kind cluster ${cluster.name} and its kubeconfig ${cluster.kubeconfigPath}\n`);
  return EXIT_PASS;
}

/** Exit 0: the cluster is there and running; 1: it is not; 2: a tool is missing. */
async function status(args: string[]): Promise<number> {
  parseArgs({ args, options: {} });
  const report = await detectKindTools();
  printTools(report);
  if (report.checks.some((c) => !c.met)) return EXIT_ERROR;
  const cluster = new KindCluster(requireKindTools(report));
  const nodes = await kindNodes(await connectDocker(), cluster.name);
  if (nodes.length === 0) {
    process.stdout.write(`✘ cluster   no kind cluster ${cluster.name}\n    → nslab cluster create\n`);
    return EXIT_FAIL;
  }
  const stopped = nodes.filter((n) => !n.running);
  const list = nodes.map((n) => `${n.name}${n.running ? '' : ' (stopped)'}`).join(', ');
  process.stdout.write(`${stopped.length === 0 ? '✔' : '✘'} cluster   ${cluster.name}: ${list}\n${howToUse(cluster)}`);
  if (stopped.length > 0) process.stdout.write(`    → docker start ${stopped.map((n) => n.name).join(' ')}\n`);
  return stopped.length === 0 ? EXIT_PASS : EXIT_FAIL;
}

/** nslab's node image on the engine: present, or built (once; then cached as an archive) and loaded. */
async function ensureNodeImage(docker: Docker, image: string): Promise<void> {
  if (await imagePresent(docker, image)) return;
  process.stdout.write(`the engine lacks ${image}: building it from Debian's packages and upstream sources (cached after the first time), then loading it\n`);
  const started = Date.now();
  const bar = new ProgressBar(`node image ${image}`);
  try {
    await buildArchiveImage(PACKAGE_ROOT, image, (stage) => bar.stage(`[${stage.index}/${stage.total}] ${stage.label}`), docker, (done, total) => bar.update(done, total));
  } finally {
    bar.end();
  }
  process.stdout.write(`✔ ${image} on the engine in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

/** nslab's CSI driver on the new cluster, as a stage of its own with its time (a `✔ <stage> (N s)` line). */
async function installCsiDriver(cluster: KindCluster, docker: Docker): Promise<void> {
  const title = "Installing nslab's CSI driver";
  const started = Date.now();
  progress(`… ${title}`);
  try {
    await installKindCsiDriver(cluster, docker, {
      packageRoot: PACKAGE_ROOT,
      say: (line) => (endProgress(), process.stdout.write(`  · ${line}\n`), progress(`… ${title}`)),
      onStage: (stage) => progress(`… ${title}: [${stage.index}/${stage.total}] ${stage.label}`),
    });
  } catch (error) {
    endProgress();
    process.stdout.write(`✘ ${title} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
    throw error;
  }
  endProgress();
  process.stdout.write(`✔ ${title} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}

function printTools({ checks }: KindToolReport): void {
  for (const check of checks) {
    process.stdout.write(`${check.met ? '✔' : '✘'} ${check.requirement.padEnd(9)} ${check.detail}\n`);
    if (check.fix) process.stdout.write(`    → ${check.fix}\n`);
  }
}

/**
 * One line per finished stage with its time (a first create takes minutes, and
 * which stage took them is what a learner or a developer asks); the running
 * one as transient progress on a terminal.
 */
function stagePrinter(): (event: KindEvent) => void {
  let began = Date.now();
  return (event) => {
    if (event.type !== 'stage') return;
    if (event.state === 'running') {
      began = Date.now();
      return progress(`… ${event.title}`);
    }
    endProgress();
    process.stdout.write(`${event.state === 'done' ? '✔' : '✘'} ${event.title} (${((Date.now() - began) / 1000).toFixed(0)} s)\n`);
  };
}

function howToUse(cluster: KindCluster): string {
  return `  kubeconfig: ${cluster.kubeconfigPath} (context ${cluster.context}; your own kubeconfig is unchanged)\n  try: KUBECONFIG=${cluster.kubeconfigPath} kubectl get nodes\n`;
}

export const cluster: CliCommand = {
  name: 'cluster',
  usage: `  nslab cluster create [--image IMAGE] | delete | status
                             the kind cluster "nslab" for Kubernetes labs (its own kubeconfig);
                             create builds nslab's node image when the engine lacks it
                             (--image: another node image, e.g. kind's own kindest/node)
`,
  run: clusterCommand,
};
