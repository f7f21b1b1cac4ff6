// A real Kubernetes node for the test control plane: the nslab guest VM
// (electron/env/guest) with the node disk attached (scripts/guest/
// build-node-disk.sh) runs containerd and a kubelet built from source, and joins
// as nslab-control-plane, kind's node name. The guest's network stays QEMU's
// restricted user network; every byte between host and node goes over the
// guest's ssh (one control master per join):
// - node → API server: `ssh -R 127.0.0.1:6443:127.0.0.1:<api port>`, the one
//   remote forward the guest's sshd then permits (node-up.sh); the kubelet's
//   kubeconfig says https://127.0.0.1:6443, which the API server's certificate
//   names;
// - API server → kubelet (logs, exec, port-forward) and pods: the API server's
//   egress selector sends HTTP CONNECT to a unix socket served here, and each
//   connection becomes an `ssh -W <node ip>:<port>` channel into the guest.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExecResult } from '../../electron/engine/environment';
import { GuestVm } from '../../electron/env/guest';
import { guestExec } from '../../electron/env/guest/guest-exec';
import { sshArgs, type GuestSshTarget } from '../../electron/env/guest/ssh-args';
import { NODE_NAME, type TestCluster } from './control-plane';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const REPO = join(HERE, '../..');
const NODE_DISK_DEVICE = '/dev/disk/by-id/virtio-nslab-node';

/** A node a test can look at from the inside. */
export interface ClusterNode {
  /** its Kubernetes name: nslab-control-plane */
  name: string;
  /** runs a sh script on the node as root (crictl is on PATH there, talking to the node's containerd) */
  exec(script: string, options?: { timeoutMs?: number; env?: Record<string, string> }): Promise<ExecResult>;
}

export interface GuestNode extends ClusterNode {
  /** ssh's arguments into the node through the join's connection: these options, then the remote command if any */
  sshArgs(options: string[], command?: string): string[];
  /** seconds from the join's start to the node's Ready */
  readySeconds: number;
  /** leaves the cluster (pods gone, kubelet and containerd stopped); powers the guest off if the join booted it */
  stop(): Promise<void>;
}

function lastLine(file: string, args: string[]): string {
  return execFileSync('bash', [file, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
}

/** The node disk, built (binaries from source, images offline) once per version and recipe. */
export function buildNodeDisk(): string {
  const bin = lastLine(join(HERE, 'build-node.sh'), []);
  return lastLine(join(REPO, 'scripts/guest/build-node-disk.sh'), [bin]);
}

/** The running guest with a node disk, or one booted now; says whether this join owns it. */
async function guestWithNodeDisk(vm: GuestVm, say: (line: string) => void): Promise<{ booted: boolean }> {
  const status = await vm.status();
  if (status.running && status.state?.nodeDisk) return { booted: false };
  if (status.running) throw new Error('The nslab guest runs without a node disk: `nslab guest down`, then up with --node-disk (see test/cluster/guest-node.ts).');
  const nodeDisk = buildNodeDisk();
  await vm.up({ packageRoot: REPO, nodeDisk, onProgress: (line) => say(`guest: ${line}`) });
  return { booted: true };
}

/** HTTP CONNECT on a unix socket, each tunnel an ssh channel through the control master. */
function egressProxy(socket: string, target: GuestSshTarget, control: string): Promise<Server> {
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    const to = req.url ?? '';
    if (!/^[\w.-]+:\d{1,5}$/.test(to)) {
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const channel = spawn('ssh', [...sshArgs(target, ['-S', control, '-W', to])], { stdio: ['pipe', 'pipe', 'ignore'] });
    client.write('HTTP/1.1 200 Connection established\r\n\r\n');
    if (head.length > 0) channel.stdin.write(head);
    client.pipe(channel.stdin);
    channel.stdout.pipe(client);
    const close = () => {
      client.destroy();
      channel.kill();
    };
    client.on('error', close);
    client.on('close', close);
    channel.stdin.on('error', close);
    channel.on('exit', () => client.end());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socket, () => resolve(server));
  });
}

/** Polls `ready` until true; `ready` throwing ends the wait with that error. */
async function poll(what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`guest node: ${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/**
 * The ssh control master that forwards the API server into the guest and
 * carries every other channel. The guest's sshd has just reloaded (node-up.sh
 * permits the forward), and a connection made while it re-executes is reset:
 * tried again for a minute.
 */
async function startControlMaster(target: GuestSshTarget, control: string, plane: TestCluster, children: ChildProcess[]): Promise<ChildProcess> {
  const log = join(plane.dir, 'guest-ssh.log');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const master = spawn('ssh', sshArgs(target, ['-M', '-S', control, '-N', '-o', 'ExitOnForwardFailure=yes', '-R', `127.0.0.1:6443:127.0.0.1:${plane.apiPort}`]), {
      stdio: ['ignore', 'ignore', openSync(log, 'a')],
    });
    children.push(master);
    while (master.exitCode === null && !existsSync(control) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    if (master.exitCode === null && existsSync(control)) return master;
    if (Date.now() >= deadline) throw new Error(`guest node: the ssh forwarding the API server did not start within 60 s: ${readFileSync(log, 'utf8').trim()}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Joins the guest to the control plane (started with nodes: 'external') and waits for the node to be Ready. */
export async function joinGuestNode(plane: TestCluster, say: (line: string) => void = () => undefined): Promise<GuestNode> {
  if (!plane.egressSocket) throw new Error('guest node: the control plane was started with kwok nodes; start it with nodes: "external"');
  const started = Date.now();
  const vm = new GuestVm();
  const { booted } = await guestWithNodeDisk(vm, say);
  const target = await vm.sshTarget();
  const control = join(plane.dir, 'guest-ssh.ctl');
  const children: ChildProcess[] = [];
  let proxy: Server | undefined;
  const run = (script: string, timeoutMs = 120_000) => guestExec(target, script, { timeoutMs, sshOptions: existsSync(control) ? ['-S', control] : [] });
  const leave = async () => {
    // Its crictl calls may take up to 2 min each under emulation (node-down.sh).
    await run('[ ! -x /opt/nslab-node/node-down.sh ] || /opt/nslab-node/node-down.sh', 400_000).catch(() => undefined);
    proxy?.close();
    for (const child of children) child.kill();
    if (booted) await vm.down();
  };
  try {
    // The node's certificates travel inside the script: base64 of a tar, node-up.sh's stdin.
    const pki = execFileSync('tar', ['-C', plane.dir, '-cf', '-', '--transform', 's,^,pki/,', 'ca.crt', 'kubelet.crt', 'kubelet.key']).toString('base64');
    const up = await run(
      `mkdir -p /opt/nslab-node && { mountpoint -q /opt/nslab-node || mount -o ro ${NODE_DISK_DEVICE} /opt/nslab-node; } &&
base64 -d <<'PKI' | /opt/nslab-node/node-up.sh ${NODE_NAME}\n${pki}\nPKI`,
      300_000,
    );
    if (up.exitCode !== 0) throw new Error(`guest node: node-up failed (exit ${up.exitCode}): ${up.stderr.trim()}`);
    const master = await startControlMaster(target, control, plane, children);
    const forwarding = () => {
      if (master.exitCode !== null) throw new Error(`guest node: the ssh forwarding the API server ended: ${readFileSync(join(plane.dir, 'guest-ssh.log'), 'utf8').trim()}`);
    };
    proxy = await egressProxy(plane.egressSocket, target, control);
    say(`kubelet started; waiting for ${NODE_NAME} to be Ready`);
    const ready = () => {
      try {
        const args = ['--kubeconfig', plane.kubeconfig, 'get', 'node', NODE_NAME, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'];
        return execFileSync(join(plane.bin, 'kubectl'), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }) === 'True';
      } catch {
        return false; // not registered yet
      }
    };
    await poll(`${NODE_NAME} was not Ready`, async () => (forwarding(), ready()), 600_000);
  } catch (error) {
    const journal = await run('journalctl -u nslab-kubelet -u nslab-containerd --no-pager -n 30', 30_000).catch(() => undefined);
    await leave();
    if (journal?.stdout) (error as Error).message += `\nlast lines of the node's journal:\n${journal.stdout}`;
    throw error;
  }
  const readySeconds = (Date.now() - started) / 1000;
  say(`${NODE_NAME} Ready in ${readySeconds.toFixed(0)} s`);
  return {
    name: NODE_NAME,
    readySeconds,
    exec: (script, options = {}) => guestExec(target, script, { timeoutMs: options.timeoutMs ?? 60_000, env: options.env, sshOptions: ['-S', control] }),
    sshArgs: (options, command) => [...sshArgs(target, ['-S', control, ...options]), ...(command === undefined ? [] : [command])],
    stop: leave,
  };
}

/**
 * Gives the node's containerd an image the guest's engine holds (`guest up`
 * loads the lab images there), as an instructor imports the box image on each
 * node: `docker save` inside the guest into `ctr images import` (Docker's
 * archive, which containerd reads), no registry and no copy from the host.
 * An image the node has already is left as it is.
 */
export async function importEngineImage(node: ClusterNode, image: string, timeoutMs = 900_000): Promise<void> {
  const imported = await node.exec(
    `ctr() { command ctr --address /run/nslab-node/containerd.sock --namespace k8s.io "$@"; }
ctr images check "name==docker.io/$IMAGE" | grep -q complete && exit 0
docker image inspect "$IMAGE" >/dev/null || exit 3
docker save "$IMAGE" | ctr images import - >/dev/null`,
    { env: { IMAGE: image }, timeoutMs },
  );
  if (imported.exitCode === 3) throw new Error(`guest node: the guest's engine has no ${image} to give the node (guest up loads the lab images)`);
  if (imported.exitCode !== 0) throw new Error(`guest node: importing ${image} into the node's containerd failed (exit ${imported.exitCode}${imported.timedOut ? ', timed out' : ''}): ${imported.stderr.trim()}`);
}
