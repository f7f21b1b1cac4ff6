// Installs nslab's teaching CSI driver on a kind cluster, offline, as a
// learner's cluster would run any CSI driver (csi-driver-manifests.ts): its
// images imported into the nodes' containerd (kind nodes reach no registry),
// the VolumeSnapshot CRDs (vendored in electron/csi/snapshot-crds), the node
// plugin's DaemonSet, the sidecars' controller Deployment, the
// snapshot-controller, and, once the kubelet has registered the driver (the
// CSINode lists it: the kubelet wrote it) and both Deployments have rolled
// out, the driver's objects (CSIDriver, the class nslab-csi, its
// VolumeSnapshotClass); then its call log is followed to this machine
// (kind-csi-log.ts), where the CSI panel and csi.calls read it. The CSIDriver
// last and the log's copy: an install cut short (Ctrl-C, a timeout) lacks one
// of them, and the next `nslab cluster create` installs again (every step is
// idempotent). Every pod template names the keys of the images it runs (the
// recipes' content hashes): a driver fix rebuilds the image under a new key,
// and the next create re-imports it and rolls the pods.
import type Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ExecResult } from '../../engine/environment';
import type { BuildStage } from '../docker/build-progress';
import { archiveImageKey, engineImageKey, imageArchive } from '../docker/images';
import { EnvironmentError } from '../errors';
import { runOnHost } from '../host-process';
import {
  CSI_COMPONENT_LABEL,
  CSI_CONTROLLER,
  CSI_DRIVER_NAME,
  CSI_NAMESPACE,
  CSI_NODE_IMAGE,
  CSI_NODE_PLUGIN,
  CSI_SIDECARS_IMAGE,
  CSI_SNAPSHOT_CONTROLLER,
  csiControllerManifests,
  csiDriverObjects,
  csiNodePluginManifests,
  manifestList,
  snapshotControllerManifests,
  withImageKeys,
} from '../kube/csi-driver-manifests';
import type { KindCluster } from './kind-cluster';
import { imageKeys, installedImageKeys, outOfDate, pickImageSource, type ImageSource } from './kind-csi-images';
import { followCsiLog, kindCsiLogPath } from './kind-csi-log';

/** Where the vendored CRDs are, under the package root. */
const SNAPSHOT_CRDS = 'electron/csi/snapshot-crds';
/**
 * How long the pods may take to start and the kubelet to register the
 * driver: seconds on a real machine; under emulation (the nslab guest on a
 * host without KVM) a pod took minutes to start on a busy host.
 */
const READY_TIMEOUT_S = 900;
const KUBECTL_TIMEOUT_MS = 120_000;
/** An image's import under emulation on a busy host took minutes (README, the guest node's plugin). */
const IMPORT_TIMEOUT_MS = 30 * 60_000;

export interface CsiInstallOptions {
  /** the package root: the image recipes and the vendored CRDs are under it */
  packageRoot: string;
  /** a line per step done, for a progress display */
  say: (line: string) => void;
  onStage?: (stage: BuildStage) => void;
}

const CSI_IMAGES = [CSI_NODE_IMAGE, CSI_SIDECARS_IMAGE] as const;

/** The copy of `image` to install now: pickImageSource over the recipe's current key and the engine's copy's. */
async function imageSource(docker: Docker, packageRoot: string, image: string): Promise<ImageSource> {
  const [current, engine] = await Promise.all([archiveImageKey(packageRoot, image), engineImageKey(docker, image)]);
  return pickImageSource(image, current, engine);
}

/**
 * The images the driver runs, into the node's containerd, from where
 * imageSource says. What `kind load` does, gzipped on the way: the archives
 * are 480 MB, 160 MB gzipped, and an engine in a VM (the nslab guest) is
 * reached through ssh, which under emulation moved a few MB a second.
 */
async function importImages(cluster: KindCluster, docker: Docker, sources: ImageSource[], { packageRoot, say, onStage = () => undefined }: CsiInstallOptions): Promise<void> {
  for (const { image, fromEngine } of sources) {
    const started = Date.now();
    const source = fromEngine ? await docker.getImage(image).get() : createReadStream(await imageArchive(packageRoot, image, onStage));
    await importIntoNode(cluster, source, image);
    say(`${image} imported into the node in ${seconds(started)}`);
  }
}

async function importIntoNode(cluster: KindCluster, archive: NodeJS.ReadableStream, image: string): Promise<void> {
  const node = cluster.controlPlaneNode;
  const ctr = 'gzip -dc | ctr --namespace=k8s.io images import --all-platforms --digests - >/dev/null';
  const child = spawn('docker', ['exec', '-i', node, 'sh', '-c', ctr], { env: { ...process.env, PATH: cluster.tools.searchPath }, stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve) => {
    child.on('error', (error) => ((stderr += error.message), resolve(-1)));
    child.on('close', (code) => resolve(code ?? -1));
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), IMPORT_TIMEOUT_MS);
  try {
    // A failed import closes its stdin early: the exit code below says why.
    await pipeline(archive, createGzip({ level: 1 }), child.stdin).catch(() => undefined);
    const code = await exited;
    if (code !== 0) throw failure(`importing ${image} into the node ${node} (exit ${code}): ${stderr.trim() || 'no reason given'}`);
  } finally {
    clearTimeout(timer);
  }
}

function kubectl(cluster: KindCluster, args: string[], input?: string, timeoutMs = KUBECTL_TIMEOUT_MS): Promise<ExecResult> {
  return runOnHost(cluster.tools.kubectl, ['--kubeconfig', cluster.kubeconfigPath, '--context', cluster.context, ...args], {
    timeoutMs,
    env: { ...process.env, PATH: cluster.tools.searchPath },
    ...(input === undefined ? {} : { input }),
  });
}

async function must(what: string, run: Promise<ExecResult>): Promise<string> {
  const result = await run;
  if (result.exitCode === 0) return result.stdout;
  throw failure(`${what}: ${result.timedOut ? 'no answer in time' : result.stderr.trim() || `exit ${result.exitCode}`}`);
}

function failure(why: string): EnvironmentError {
  return new EnvironmentError(
    `Installing nslab's CSI driver on the kind cluster failed: ${why}`,
    `Look at its pods: \`kubectl -n ${CSI_NAMESPACE} get pods\`, \`kubectl -n ${CSI_NAMESPACE} describe pods\`; then \`nslab cluster create\` again: it installs what is missing.`,
  );
}

/**
 * Why the driver must be installed (again) on the cluster, or undefined when
 * it is there and current: its CSIDriver (applied last) and the log's copy
 * (made last) exist, and its node plugin runs the images nslab would install
 * now (unknown keys, '?', count as current: nothing better is at hand).
 */
export async function kindCsiDriverNeedsInstall(cluster: KindCluster, docker: Docker, packageRoot: string): Promise<string | undefined> {
  const found = await must('looking for its CSIDriver', kubectl(cluster, ['get', 'csidriver', '--ignore-not-found', '-o', 'name']));
  if (!found.split('\n').includes(`csidriver.storage.k8s.io/${CSI_DRIVER_NAME}`)) return 'it is not installed (or its install did not finish)';
  if (!existsSync(kindCsiLogPath(cluster.name))) return 'its install did not finish (its call log is not followed to this machine)';
  const daemonSet = await must('looking for its node plugin', kubectl(cluster, ['-n', CSI_NAMESPACE, 'get', 'daemonset', CSI_NODE_PLUGIN, '--ignore-not-found', '-o', 'json']));
  const installed = installedImageKeys(daemonSet);
  const wanted = imageKeys(await Promise.all(CSI_IMAGES.map((image) => imageSource(docker, packageRoot, image))));
  if (installed === undefined) return 'its node plugin is missing';
  return outOfDate(installed, wanted);
}

/** Whether the kubelet of `node` registered the driver: it lists it in its CSINode. */
async function registered(cluster: KindCluster, node: string): Promise<boolean> {
  const drivers = await kubectl(cluster, ['get', 'csinode', node, '-o', 'jsonpath={.spec.drivers[*].name}']);
  return drivers.exitCode === 0 && drivers.stdout.split(' ').includes(CSI_DRIVER_NAME);
}

/** Installs the driver, or brings an installed one up to date: every step is idempotent. */
export async function installKindCsiDriver(cluster: KindCluster, docker: Docker, options: CsiInstallOptions): Promise<void> {
  const { packageRoot, say } = options;
  const sources = await Promise.all(CSI_IMAGES.map((image) => imageSource(docker, packageRoot, image)));
  await importImages(cluster, docker, sources, options);
  // The snapshot kinds first: the snapshot-controller and the VolumeSnapshotClass need them served.
  const crdDir = join(packageRoot, SNAPSHOT_CRDS);
  const crds = readdirSync(crdDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(crdDir, f), 'utf8'))
    .join('\n---\n');
  await must('the VolumeSnapshot CRDs', kubectl(cluster, ['apply', '--server-side', '-f', '-'], crds));
  // Labelled as everything else nslab installs (the vendored files stay upstream's).
  await must('the VolumeSnapshot CRDs labelled', kubectl(cluster, ['label', '--overwrite', '-f', '-', ...Object.entries(CSI_COMPONENT_LABEL).map(([k, v]) => `${k}=${v}`)], crds));
  await must('the VolumeSnapshot CRDs established', kubectl(cluster, ['wait', '--for=condition=Established', '--timeout=120s', '-f', '-'], crds, 150_000));
  const started = Date.now();
  const workloads = withImageKeys([...csiNodePluginManifests(), ...csiControllerManifests(), ...snapshotControllerManifests()], imageKeys(sources));
  await must('its objects', kubectl(cluster, ['apply', '-f', '-'], manifestList(workloads)));
  say('node plugin, controller and snapshot-controller applied; waiting for their pods');
  // rollout status, not the Available condition: re-applied with new image keys, the old pods are still available.
  for (const workload of [`daemonset/${CSI_NODE_PLUGIN}`, `deployment/${CSI_CONTROLLER}`, `deployment/${CSI_SNAPSHOT_CONTROLLER}`]) {
    await must('its pods', kubectl(cluster, ['-n', CSI_NAMESPACE, 'rollout', 'status', workload, '--timeout', `${READY_TIMEOUT_S}s`], undefined, (READY_TIMEOUT_S + 30) * 1000));
  }
  const node = cluster.controlPlaneNode;
  const deadline = Date.now() + READY_TIMEOUT_S * 1000;
  while (!(await registered(cluster, node))) {
    if (Date.now() > deadline) throw failure(`the kubelet of ${node} did not register ${CSI_DRIVER_NAME} within ${READY_TIMEOUT_S} s (its CSINode lists no such driver)`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  say(`pods ready and ${CSI_DRIVER_NAME} registered by the kubelet in ${seconds(started)}`);
  // Last, with the log's copy: what kindCsiDriverNeedsInstall finds only after an install that finished.
  await must('its CSIDriver and classes', kubectl(cluster, ['apply', '-f', '-'], manifestList(csiDriverObjects())));
  await followCsiLog(cluster.name, node, cluster.tools.searchPath);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(0)} s`;
}
