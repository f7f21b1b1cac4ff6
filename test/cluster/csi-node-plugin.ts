// nslab's CSI driver on the guest's real node: the node plugin as a DaemonSet
// (csiNodePluginManifests, the same `nslab cluster create` installs on kind) from an image built offline from Debian's packages
// (scripts/images/build-csi-node.sh) and imported into the node's containerd.
// The kubelet finds its registration socket and registers it (the CSINode then
// lists csi.nslab.dev: written by the kubelet, not by hand); the kubelet calls
// NodeStage/NodePublish on its socket. The same process serves the Controller
// calls, so the volumes CreateVolume makes are directories on the node; the
// external-provisioner and external-attacher run beside the control plane and
// reach that socket through the guest's ssh (a unix-socket forward), and the
// call log the CSI panel and csi.calls read (NSLAB_CSI_LOG) is the node's log,
// followed over ssh into the file the control plane names.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { CSI_DRIVER_NAME, CSI_NODE_IMAGE, CSI_NODE_LOG, CSI_NODE_SOCKET, CSI_NODE_STORE, csiNodePluginManifests, manifestList } from '../../electron/env/kube/csi-driver-manifests';
import type { TestCluster } from './control-plane';
import type { GuestNode } from './guest-node';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = join(HERE, '../..');
const DRIVER = CSI_DRIVER_NAME;
const CONTAINERD = '/run/nslab-node/containerd.sock';
const IMAGE = CSI_NODE_IMAGE;
const MANIFESTS = manifestList(csiNodePluginManifests());

export interface CsiNodePlugin {
  /** seconds from the image's import to the kubelet's registration */
  registeredSeconds: number;
  /** the DaemonSet gone, its store and sockets removed from the node, the log no longer followed */
  stop(): Promise<void>;
}

async function poll(what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`CSI node plugin: ${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/**
 * The image archive, gzipped on the way (the guest's ssh is slow under
 * emulation), into the node's containerd, unless the node has it from an
 * earlier join of this boot (the node's containerd keeps its images across
 * joins; a file beside them names the archive they came from): the import is
 * minutes under emulation.
 */
async function importImage(node: GuestNode, archive: string): Promise<'imported' | 'kept'> {
  const marker = '/var/lib/nslab-node/csi-node.image';
  const key = basename(archive);
  const ctr = `ctr --address ${CONTAINERD} --namespace k8s.io images`;
  const kept = await node.exec(`[ "$(cat ${marker} 2>/dev/null)" = "$KEY" ] && ${ctr} ls -q | grep -qx docker.io/${IMAGE}`, { env: { KEY: key } });
  if (kept.exitCode === 0) return 'kept';
  await new Promise<void>((resolve, reject) => {
    const ssh = spawn('ssh', node.sshArgs([], `gzip -dc | ${ctr} import - >/dev/null && echo '${key}' >${marker}`), { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    ssh.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => ssh.kill('SIGKILL'), 900_000);
    ssh.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`CSI node plugin: importing the image into the node failed (exit ${code}): ${stderr.trim()}`));
    });
    createReadStream(archive).pipe(createGzip({ level: 1 })).pipe(ssh.stdin);
  });
  return 'imported';
}

export async function installCsiNodePlugin(plane: TestCluster, node: GuestNode, say: (line: string) => void = () => undefined): Promise<CsiNodePlugin> {
  if (!plane.startCsiSidecars) throw new Error('CSI node plugin: the control plane runs the driver itself (kwok nodes)');
  const kubectl = (...args: string[]) => execFileSync(join(plane.bin, 'kubectl'), ['--kubeconfig', plane.kubeconfig, ...args], { encoding: 'utf8', input: MANIFESTS, stdio: ['pipe', 'pipe', 'pipe'] });
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children) child.kill();
    kubectl('delete', '-f', '-', '--ignore-not-found', '--wait=true', '--timeout=120s');
    // What the plugin's pod leaves on the node once it is gone: its store and its sockets.
    await node.exec(`rm -rf ${CSI_NODE_STORE} /var/lib/kubelet/plugins/${DRIVER} /var/lib/kubelet/plugins_registry/${DRIVER}-reg.sock`);
  };
  const started = Date.now();
  try {
    const archive = execFileSync('bash', [join(REPO, 'scripts/images/build-csi-node.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
    say(`CSI node plugin: ${IMAGE} into the node's containerd`);
    const how = await importImage(node, archive);
    say(`CSI node plugin: ${IMAGE} ${how === 'kept' ? 'was there already' : `imported in ${((Date.now() - started) / 1000).toFixed(0)} s`}`);
    kubectl('apply', '-f', '-');
    say('CSI node plugin: waiting for the kubelet to register csi.nslab.dev');
    await poll('the kubelet did not register csi.nslab.dev (CSINode)', async () => kubectl('get', 'csinode', node.name, '-o', 'jsonpath={.spec.drivers[*].name}').split(' ').includes(DRIVER), 600_000);
    const registeredSeconds = (Date.now() - started) / 1000;
    // The node's call log, as it grows, into the file NSLAB_CSI_LOG names here.
    mkdirSync(dirname(plane.csiLog), { recursive: true });
    const follow = spawn('ssh', node.sshArgs([], `tail -n +1 -F ${CSI_NODE_LOG} 2>/dev/null`), { stdio: ['ignore', 'pipe', 'ignore'] });
    follow.stdout.pipe(createWriteStream(plane.csiLog, { flags: 'a' }));
    children.push(follow);
    // A forward of the join's ssh connection (its master makes the local socket, mode 0600, and ends it with the join).
    const socket = join(plane.dir, 'csi-node.sock');
    execFileSync('ssh', node.sshArgs(['-O', 'forward', '-L', `${socket}:${CSI_NODE_SOCKET}`]), { stdio: 'ignore', timeout: 30_000 });
    await poll(`the forward of ${CSI_NODE_SOCKET} did not start`, async () => existsSync(socket), 30_000);
    await plane.startCsiSidecars(socket);
    say(`CSI node plugin: registered in ${registeredSeconds.toFixed(0)} s; the sidecars dial it through ${socket}`);
    return { registeredSeconds, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
