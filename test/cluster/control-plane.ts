// A real Kubernetes control plane for tests, on 127.0.0.1 only: etcd (Debian's
// etcd-server), kube-apiserver, kube-controller-manager (PV binder, garbage
// collector, ReplicaSet controller…), kube-scheduler, all built from upstream
// sources by build-control-plane.sh, plus the local-path provisioner (the same
// one kind ships) for dynamic provisioning, nslab's own CSI driver with its
// sidecars and the snapshot-controller (csi-plane.ts) for the CSI labs, and its
// node: kwok playing the kubelet (the driver then runs here, its node half
// never called), or (nodes: 'external') none, for a real kubelet to join
// (guest-node.ts): then the API server gets a client certificate for kubelets
// and reaches them through an HTTP CONNECT proxy on a unix socket (its egress
// selector), which the joiner serves, and the driver runs on that node
// (csi-node-plugin.ts), its sidecars started here once its socket is reachable
// (startCsiSidecars).
// Certificates are made per run; everything is torn down by stop().
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import { request } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCsiPlane, type CsiPlane, type RunChild } from './csi-plane';

const HERE = fileURLToPath(new URL('.', import.meta.url));
/** The name kind gives its one node: labs see the same node on both. */
export const NODE_NAME = 'nslab-control-plane';

export interface TestCluster {
  kind: 'control-plane';
  kubeconfig: string;
  bin: string;
  dir: string;
  /** the CSI driver's call log (JSON lines): what NSLAB_CSI_LOG names for the grader and the panel */
  csiLog: string;
  /** the API server's port on 127.0.0.1 */
  apiPort: number;
  /** with nodes: 'external', where the API server's CONNECT requests to nodes and pods go (the joiner serves it) */
  egressSocket?: string;
  /** with nodes: 'external', starts the external-provisioner and external-attacher on the driver's socket (forwarded from the node) */
  startCsiSidecars?(socket: string): Promise<void>;
  /** stops kube-apiserver and starts it again, as an upgrade would: watches break, caches start over */
  restartApiserver(): Promise<void>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function openssl(dir: string, ...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
}

/** A client certificate signed by the test CA: <name>.crt, <name>.key. */
function clientCertificate(dir: string, name: string, subject: string): void {
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
  openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, '-days', '2');
}

/** A CA, a serving certificate for 127.0.0.1, an admin client certificate, a service-account key. */
function makeCertificates(dir: string): void {
  openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=nslab-test-ca');
  writeFileSync(join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.96.0.1\n');
  openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'apiserver.key', '-out', 'apiserver.csr', '-subj', '/CN=kube-apiserver');
  openssl(dir, 'x509', '-req', '-in', 'apiserver.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'apiserver.crt', '-days', '2', '-extfile', 'san.ext');
  clientCertificate(dir, 'admin', '/CN=nslab-admin/O=system:masters');
  openssl(dir, 'genrsa', '-out', 'sa.key', '2048');
  openssl(dir, 'rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub');
}

function kubeconfigText(dir: string, port: number): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: nslab-test
  cluster: { server: "https://127.0.0.1:${port}", certificate-authority: ${join(dir, 'ca.crt')} }
users:
- name: nslab-admin
  user: { client-certificate: ${join(dir, 'admin.crt')}, client-key: ${join(dir, 'admin.key')} }
contexts:
- name: nslab-test
  context: { cluster: nslab-test, user: nslab-admin }
current-context: nslab-test
`;
}

async function poll(what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`test cluster: ${what} did not become ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function apiserverReady(dir: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/readyz',
        ca: readFileSync(join(dir, 'ca.crt')),
        cert: readFileSync(join(dir, 'admin.crt')),
        key: readFileSync(join(dir, 'admin.key')),
        timeout: 2000,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * The API server's way to kubelets and pods of a node it cannot route to: HTTP
 * CONNECT over a unix socket ("cluster" egress; etcd is dialled directly).
 */
function egressSelectorConfig(socket: string): string {
  return `apiVersion: apiserver.k8s.io/v1beta1
kind: EgressSelectorConfiguration
egressSelections:
- name: cluster
  connection:
    proxyProtocol: HTTPConnect
    transport: { uds: { udsName: ${socket} } }
`;
}

export interface ControlPlaneOptions {
  /** kwok plays the node (default), or a real kubelet joins from outside (guest-node.ts) */
  nodes?: 'kwok' | 'external';
}

export async function startControlPlane({ nodes = 'kwok' }: ControlPlaneOptions = {}): Promise<TestCluster> {
  const bin = execFileSync('bash', [join(HERE, 'build-control-plane.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .pop()!;
  const dir = mkdtempSync(join(tmpdir(), 'nslab-cluster-'));
  makeCertificates(dir);
  const external = nodes === 'external';
  const egressSocket = external ? join(dir, 'egress.sock') : undefined;
  if (egressSocket) {
    // The node's kubelet (the Node authorizer knows it by this name) and the API server towards kubelets.
    clientCertificate(dir, 'kubelet', `/CN=system:node:${NODE_NAME}/O=system:nodes`);
    clientCertificate(dir, 'apiserver-kubelet-client', '/CN=kube-apiserver-kubelet-client/O=system:masters');
    writeFileSync(join(dir, 'egress-selector.yaml'), egressSelectorConfig(egressSocket));
  }
  const [etcdPort, etcdPeer, apiPort] = [await freePort(), await freePort(), await freePort()];
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, kubeconfigText(dir, apiPort));
  const csiLog = join(dir, 'csi', 'calls.jsonl');

  const children: ChildProcess[] = [];
  const commands = new Map<string, { file: string; args: string[] }>();
  const run = (name: string, file: string, args: string[]): ChildProcess => {
    const log = createWriteStream(join(dir, `${name}.log`), { flags: 'a' });
    const child = spawn(file, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    children.push(child);
    commands.set(name, { file, args });
    return child;
  };
  const end = (child: ChildProcess) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => (clearTimeout(timer), resolve()));
      child.kill('SIGTERM');
    });
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await Promise.all([...children].reverse().map(end));
    if (!process.env.NSLAB_KEEP_CLUSTER_LOGS) rmSync(dir, { recursive: true, force: true });
  };
  // As a Deployment's containers are: started again when they end. A sidecar
  // ends when its first call to the driver times out (the external-attacher
  // gives ControllerGetCapabilities one second), which a driver on an emulated
  // node, reached over ssh, can take.
  const supervise: RunChild = (name, file, args) => {
    const child = run(name, file, args);
    child.once('exit', () => {
      if (!stopping) setTimeout(() => stopping || supervise(name, file, args), 2_000);
    });
    return child;
  };
  let apiserver: ChildProcess | undefined;
  const restartApiserver = async () => {
    const { file, args } = commands.get('kube-apiserver')!;
    await end(apiserver!);
    apiserver = run('kube-apiserver', file, args);
    await poll('kube-apiserver', () => apiserverReady(dir, apiPort), 90_000);
  };

  let csi: CsiPlane | undefined;
  try {
    run('etcd', 'etcd', [
      '--data-dir', join(dir, 'etcd'),
      '--listen-client-urls', `http://127.0.0.1:${etcdPort}`,
      '--advertise-client-urls', `http://127.0.0.1:${etcdPort}`,
      '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`,
      '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
      '--initial-cluster', `default=http://127.0.0.1:${etcdPeer}`,
    ]);
    apiserver = run('kube-apiserver', join(bin, 'kube-apiserver'), [
      `--etcd-servers=http://127.0.0.1:${etcdPort}`,
      '--bind-address=127.0.0.1',
      `--secure-port=${apiPort}`,
      '--advertise-address=127.0.0.1',
      // Loopback cannot be the kubernetes service's endpoint; nothing here needs one.
      '--endpoint-reconciler-type=none',
      '--tls-cert-file=apiserver.crt',
      '--tls-private-key-file=apiserver.key',
      '--client-ca-file=ca.crt',
      '--service-account-key-file=sa.pub',
      '--service-account-signing-key-file=sa.key',
      '--service-account-issuer=https://kubernetes.default.svc',
      '--service-cluster-ip-range=10.96.0.0/16',
      ...(external
        ? [
            // Node: what a kubelet may read and write, as kubeadm and kind set it up.
            '--authorization-mode=Node,RBAC',
            '--kubelet-client-certificate=apiserver-kubelet-client.crt',
            '--kubelet-client-key=apiserver-kubelet-client.key',
            '--egress-selector-config-file=egress-selector.yaml',
            // As kind has it: the node's name is no host name anything resolves.
            '--kubelet-preferred-address-types=InternalIP',
            // As kubeadm sets it: a CSI node plugin's pod is privileged (Bidirectional mount propagation needs it).
            '--allow-privileged=true',
          ]
        : ['--authorization-mode=RBAC']),
      // Debian's etcd 3.4 cannot answer watch-progress requests, which watch-list
      // streams need; with WatchList on, the server turns kwok's plain watches
      // (resourceVersion 0) into such streams, they fail, and kwok sees a pod only
      // at its next relist, after a growing backoff (6 s, then 8, 13, 24, 38 s).
      '--feature-gates=WatchList=false',
      `--cert-dir=${join(dir, 'certs')}`,
    ]);
    await poll('kube-apiserver', () => apiserverReady(dir, apiPort), 90_000);
    run('kube-controller-manager', join(bin, 'kube-controller-manager'), [
      `--kubeconfig=${kubeconfig}`,
      '--bind-address=127.0.0.1',
      '--secure-port=0',
      '--service-account-private-key-file=sa.key',
      '--root-ca-file=ca.crt',
      '--leader-elect=false',
      '--controllers=*',
    ]);
    run('kube-scheduler', join(bin, 'kube-scheduler'), [`--kubeconfig=${kubeconfig}`, '--bind-address=127.0.0.1', '--secure-port=0', '--leader-elect=false']);
    if (!external) run('kwok', join(bin, 'kwok'), [
      `--kubeconfig=${kubeconfig}`,
      `--config=${join(HERE, 'kwok-stages.yaml')}`,
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--node-ip=10.244.0.1',
      '--cidr=10.244.0.0/16',
      '--node-port=0',
      '--server-address=',
      // kwok renews the node's Lease: without it the node lifecycle controller
      // sees no heartbeat, marks the node NotReady every ~55 s (and with it every
      // pod's Ready condition, which kwok's stages never set back).
      '--node-lease-duration-seconds=40',
    ]);
    const objects = [join(HERE, 'cluster-objects.yaml'), ...(external ? [] : [join(HERE, 'kwok-node.yaml')])];
    execFileSync(join(bin, 'kubectl'), ['--kubeconfig', kubeconfig, 'apply', ...objects.flatMap((f) => ['-f', f])], { stdio: 'ignore' });
    run('local-path-provisioner', join(bin, 'local-path-provisioner'), [
      '--debug',
      'start',
      `--kubeconfig=${kubeconfig}`,
      '--namespace=local-path-storage',
      // cmdTimeoutSeconds 600 (120 by default): on an emulated node three helper pods
      // starting together took over 120 s, and local-path then deleted them and began again.
      `--config=${join(HERE, 'local-path-config.json')}`,
      `--helper-pod-file=${join(HERE, 'local-path-helper-pod.yaml')}`,
      '--provisioner-name=rancher.io/local-path',
      '--service-account-name=default',
    ]);
    csi = await startCsiPlane({ run: supervise, dir, kubeconfig, kubectl: join(bin, 'kubectl'), nodeName: NODE_NAME, log: csiLog, poll, driverHere: !external });
    const kubectl = (...args: string[]) => execFileSync(join(bin, 'kubectl'), ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8' });
    if (!external) await poll('the kwok node', async () => kubectl('get', 'node', NODE_NAME, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}') === 'True', 60_000);
    await poll('the default service account', async () => kubectl('get', 'serviceaccount', 'default', '-o', 'name').includes('default'), 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const startCsiSidecars = external ? csi?.startSidecars : undefined;
  return { kind: 'control-plane', kubeconfig, bin, dir, csiLog, apiPort, egressSocket, startCsiSidecars, restartApiserver, stop };
}
