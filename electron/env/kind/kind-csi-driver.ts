// Installs nslab's teaching CSI driver on a kind cluster, offline, as a
// learner's cluster would run any CSI driver (csi-driver-manifests.ts): its
// images imported into the nodes' containerd (kind nodes reach no registry),
// the VolumeSnapshot CRDs (vendored in electron/csi/snapshot-crds), the node
// plugin's DaemonSet, the sidecars' controller Deployment, the
// snapshot-controller, and the driver's objects (CSIDriver, the class
// nslab-csi, its VolumeSnapshotClass). It is installed once the kubelet has
// registered the driver (the CSINode lists it: the kubelet wrote it) and both
// Deployments are available; then its call log is followed to this machine
// (kind-csi-log.ts), where the CSI panel and csi.calls read it.
import type Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { ExecResult } from '../../engine/environment';
import type { BuildStage } from '../docker/build-progress';
import { imageArchive, imagePresent } from '../docker/images';
import { EnvironmentError } from '../errors';
import { runOnHost } from '../host-process';
import {
  CSI_DRIVER_NAME,
  CSI_NAMESPACE,
  CSI_NODE_IMAGE,
  CSI_NODE_PLUGIN,
  CSI_SIDECARS_IMAGE,
  csiControllerManifests,
  csiDriverObjects,
  csiNodePluginManifests,
  manifestList,
  snapshotControllerManifests,
} from '../kube/csi-driver-manifests';
import type { KindCluster } from './kind-cluster';
import { followCsiLog } from './kind-csi-log';

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

/**
 * The images the driver runs, into the node's containerd: from the engine when
 * it has them (`nslab prepare --load`), else their cached archives (built
 * once). What `kind load` does, gzipped on the way: the archives are 480 MB,
 * 160 MB gzipped, and an engine in a VM (the nslab guest) is reached through
 * ssh, which under emulation moved a few MB a second.
 */
async function importImages(cluster: KindCluster, docker: Docker, { packageRoot, say, onStage = () => undefined }: CsiInstallOptions): Promise<void> {
  for (const image of [CSI_NODE_IMAGE, CSI_SIDECARS_IMAGE]) {
    const started = Date.now();
    const source = (await imagePresent(docker, image)) ? await docker.getImage(image).get() : createReadStream(await imageArchive(packageRoot, image, onStage));
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
    `Look at its pods: \`kubectl -n ${CSI_NAMESPACE} get pods\`, \`kubectl -n ${CSI_NAMESPACE} describe pods\`; then \`nslab cluster delete\` and create it again.`,
  );
}

/** Whether the driver was installed on the cluster (its CSIDriver object is there). */
export async function kindCsiDriverInstalled(cluster: KindCluster): Promise<boolean> {
  const found = await must('looking for its CSIDriver', kubectl(cluster, ['get', 'csidriver', '--ignore-not-found', '-o', 'name']));
  return found.split('\n').includes(`csidriver.storage.k8s.io/${CSI_DRIVER_NAME}`);
}

/** Whether the kubelet of `node` registered the driver: it lists it in its CSINode. */
async function registered(cluster: KindCluster, node: string): Promise<boolean> {
  const drivers = await kubectl(cluster, ['get', 'csinode', node, '-o', 'jsonpath={.spec.drivers[*].name}']);
  return drivers.exitCode === 0 && drivers.stdout.split(' ').includes(CSI_DRIVER_NAME);
}

export async function installKindCsiDriver(cluster: KindCluster, docker: Docker, options: CsiInstallOptions): Promise<void> {
  const { packageRoot, say } = options;
  await importImages(cluster, docker, options);
  // The snapshot kinds first: the snapshot-controller and the VolumeSnapshotClass need them served.
  const crdDir = join(packageRoot, SNAPSHOT_CRDS);
  const crds = readdirSync(crdDir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(join(crdDir, f), 'utf8'))
    .join('\n---\n');
  await must('the VolumeSnapshot CRDs', kubectl(cluster, ['apply', '--server-side', '-f', '-'], crds));
  await must('the VolumeSnapshot CRDs established', kubectl(cluster, ['wait', '--for=condition=Established', '--timeout=120s', '-f', '-'], crds, 150_000));
  const started = Date.now();
  const manifests = [...csiNodePluginManifests(), ...csiControllerManifests(), ...snapshotControllerManifests(), ...csiDriverObjects()];
  await must('its objects', kubectl(cluster, ['apply', '-f', '-'], manifestList(manifests)));
  say('node plugin, controller and snapshot-controller applied; waiting for their pods');
  await must('its pods', kubectl(cluster, ['-n', CSI_NAMESPACE, 'rollout', 'status', `daemonset/${CSI_NODE_PLUGIN}`, '--timeout', `${READY_TIMEOUT_S}s`], undefined, (READY_TIMEOUT_S + 30) * 1000));
  await must('its pods', kubectl(cluster, ['-n', CSI_NAMESPACE, 'wait', '--for=condition=Available', 'deployment', '--all', '--timeout', `${READY_TIMEOUT_S}s`], undefined, (READY_TIMEOUT_S + 30) * 1000));
  const node = cluster.controlPlaneNode;
  const deadline = Date.now() + READY_TIMEOUT_S * 1000;
  while (!(await registered(cluster, node))) {
    if (Date.now() > deadline) throw failure(`the kubelet of ${node} did not register ${CSI_DRIVER_NAME} within ${READY_TIMEOUT_S} s (its CSINode lists no such driver)`);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  say(`pods ready and ${CSI_DRIVER_NAME} registered by the kubelet in ${seconds(started)}`);
  await followCsiLog(cluster.name, node, cluster.tools.searchPath);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(0)} s`;
}
