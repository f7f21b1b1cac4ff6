// nslab's CSI driver with the real sidecars on the real control plane: the
// external-provisioner (v6) and external-attacher (v4), built from the Go
// module proxy (build-csi-sidecars.sh), drive the driver's controller half
// through a claim's whole life: CreateVolume, ControllerPublishVolume for the
// attach/detach controller's VolumeAttachment, ControllerUnpublishVolume when
// the pod goes, DeleteVolume when the claim goes. kwok plays the kubelet, so the
// node half (NodeStage/NodePublish) is not called here (the driver's own test
// covers it); the kubelet's plugin registration is stood in for by writing the
// CSINode object it would write (a stand-in, named as one).
// The calls are followed through CsiCallWatch, as the CSI panel follows them.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsiCallWatch } from '../../electron/env/kube/csi-call-watch';
import type { CsiCall } from '../../electron/shared/csi-call';
import { NODE_NAME, startControlPlane, type TestCluster } from './control-plane';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const DRIVER = 'csi.nslab.dev';
const NS = 'csi-sidecars';
let plane: TestCluster;
let dir: string;
let calls: CsiCallWatch;
const children: ChildProcess[] = [];

const kubectl = (...args: string[]) => execFileSync(join(plane.bin, 'kubectl'), ['--kubeconfig', plane.kubeconfig, ...args], { encoding: 'utf8' });
const apply = (yaml: string) => execFileSync(join(plane.bin, 'kubectl'), ['--kubeconfig', plane.kubeconfig, 'apply', '-f', '-'], { input: yaml, encoding: 'utf8' });

async function until<T>(what: string, read: () => T | undefined, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = (() => {
      try {
        return read();
      } catch {
        return undefined;
      }
    })();
    if (value !== undefined && value !== '') return value;
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const callOf = (method: string, volumeId: string): CsiCall | undefined =>
  calls.snapshot().calls.find((c) => c.method === method && c.volumeId === volumeId && c.code === 'OK');

function run(name: string, file: string, args: string[]): void {
  const log = createWriteStream(join(dir, `${name}.log`));
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  children.push(child);
}

/** from `since` until the call's line: how long a change in the cluster took to reach the driver */
const latency = (since: number, call: CsiCall) => `${Date.parse(call.at) - since} ms (the call itself ${call.ms} ms)`;

beforeAll(async () => {
  const sidecars = execFileSync('bash', [join(HERE, 'build-csi-sidecars.sh'), 'provisioner', 'attacher'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .pop()!;
  if (!existsSync('out/csi/nslab-csi.mjs')) throw new Error('out/csi/nslab-csi.mjs is missing: run npm run build:csi (npm test builds it)');
  plane = await startControlPlane();
  dir = mkdtempSync(join(tmpdir(), 'nslab-csi-sidecars-'));
  const socket = join(dir, 'csi.sock');
  run('driver', 'unshare', ['--mount', '--propagation', 'private', process.execPath, 'out/csi/nslab-csi.mjs', '--socket', socket, '--node-id', NODE_NAME, '--root', join(dir, 'root'), '--log', join(dir, 'calls.jsonl')]);
  await until('the driver socket', () => (existsSync(socket) ? true : undefined), 20_000);
  calls = new CsiCallWatch(join(dir, 'calls.jsonl'), () => undefined);
  await calls.start();
  const common = [`--csi-address=${socket}`, `--kubeconfig=${plane.kubeconfig}`, '--leader-election=false', '--timeout=30s', '--v=3'];
  run('csi-provisioner', join(sidecars, 'csi-provisioner-v6.4.0'), [...common, '--extra-create-metadata']);
  run('csi-attacher', join(sidecars, 'csi-attacher-v4.13.0'), common);
  // What the kubelet writes once it has registered the driver (GetInfo, then NodeGetInfo): the stand-in.
  apply(`apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata: { name: ${DRIVER} }
spec: { attachRequired: true, podInfoOnMount: false, volumeLifecycleModes: [Persistent] }
---
apiVersion: storage.k8s.io/v1
kind: CSINode
metadata: { name: ${NODE_NAME} }
spec:
  drivers: [{ name: ${DRIVER}, nodeID: ${NODE_NAME} }]
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: nslab-csi }
provisioner: ${DRIVER}
volumeBindingMode: Immediate
reclaimPolicy: Delete
allowVolumeExpansion: true
---
apiVersion: v1
kind: Namespace
metadata: { name: ${NS} }
`);
}, 20 * 60_000);

afterAll(async () => {
  await calls?.stop();
  await Promise.all(
    children.reverse().map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    ),
  );
  await plane?.stop();
  if (dir && !process.env.NSLAB_KEEP_CLUSTER_LOGS) rmSync(dir, { recursive: true, force: true });
});

describe('a claim of a CSI class, through the real sidecars', () => {
  let volume = '';

  it('the external-provisioner calls CreateVolume and binds a PV of the driver', async () => {
    const asked = Date.now();
    apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data, namespace: ${NS} }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: nslab-csi
  resources: { requests: { storage: 64Mi } }
`);
    volume = await until('the claim to bind', () => kubectl('get', 'pvc', 'data', '-n', NS, '-o', 'jsonpath={.spec.volumeName}'));
    const pv = JSON.parse(kubectl('get', 'pv', volume, '-o', 'json')) as { spec: { csi: { driver: string; volumeHandle: string } }; metadata: { annotations: Record<string, string> } };
    expect(pv.spec.csi).toMatchObject({ driver: DRIVER, volumeHandle: volume });
    expect(pv.metadata.annotations['pv.kubernetes.io/provisioned-by']).toBe(DRIVER);
    const create = await until('CreateVolume in the log', () => callOf('CreateVolume', volume), 20_000);
    expect(create.capacityBytes).toBe(64 * 1024 * 1024);
    expect(existsSync(join(dir, 'root/volumes', volume, 'data'))).toBe(true);
    process.stderr.write(`csi sidecars: claim applied -> CreateVolume: ${latency(asked, create)}\n`);
  });

  it('the attach/detach controller asks, the external-attacher calls ControllerPublishVolume and answers', async () => {
    const asked = Date.now();
    apply(`apiVersion: v1
kind: Pod
metadata: { name: app, namespace: ${NS} }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - { name: app, image: busybox:1.36, command: [sleep, "3600"], volumeMounts: [{ name: data, mountPath: /data }] }
  volumes: [{ name: data, persistentVolumeClaim: { claimName: data } }]
`);
    const publish = await until('ControllerPublishVolume in the log', () => callOf('ControllerPublishVolume', volume));
    expect(publish.nodeId).toBe(NODE_NAME);
    const va = await until('the VolumeAttachment attached', () => {
      const list = JSON.parse(kubectl('get', 'volumeattachments', '-o', 'json')) as {
        items: { metadata: { name: string; finalizers?: string[] }; spec: { source: { persistentVolumeName?: string } }; status?: { attached?: boolean; attachmentMetadata?: Record<string, string> } }[];
      };
      return list.items.find((i) => i.spec.source.persistentVolumeName === volume && i.status?.attached === true);
    });
    expect(va.metadata.finalizers).toContain('external-attacher/csi-nslab-dev');
    expect(va.status?.attachmentMetadata).toEqual({ 'nslab.dev/attached-to': NODE_NAME });
    await until('the node to list the volume', () => (kubectl('get', 'node', NODE_NAME, '-o', 'jsonpath={.status.volumesAttached[*].name}').includes(`^${volume}`) ? true : undefined));
    process.stderr.write(`csi sidecars: pod applied -> ControllerPublishVolume: ${latency(asked, publish)}\n`);
  });

  it('the pod goes: ControllerUnpublishVolume, then the VolumeAttachment goes', async () => {
    const asked = Date.now();
    kubectl('delete', 'pod', 'app', '-n', NS, '--wait=false');
    const unpublish = await until('ControllerUnpublishVolume in the log', () => callOf('ControllerUnpublishVolume', volume));
    await until('the VolumeAttachment to go', () => (kubectl('get', 'volumeattachments', '-o', 'name') === '' ? true : undefined));
    process.stderr.write(`csi sidecars: pod deleted -> ControllerUnpublishVolume: ${latency(asked, unpublish)}\n`);
  });

  it('the claim goes: DeleteVolume, then the PV and the directory go', async () => {
    const asked = Date.now();
    kubectl('delete', 'pvc', 'data', '-n', NS, '--wait=false');
    const deleted = await until('DeleteVolume in the log', () => callOf('DeleteVolume', volume));
    await until('the PV to go', () => (kubectl('get', 'pv', '-o', 'name').includes(volume) ? undefined : true));
    expect(existsSync(join(dir, 'root/volumes', volume))).toBe(false);
    const order = calls
      .snapshot()
      .calls.filter((c) => c.volumeId === volume && c.code === 'OK')
      .map((c) => c.method);
    expect(order.filter((m, i) => order.indexOf(m) === i)).toEqual(['CreateVolume', 'ControllerPublishVolume', 'ControllerUnpublishVolume', 'DeleteVolume']);
    process.stderr.write(`csi sidecars: claim deleted -> DeleteVolume: ${latency(asked, deleted)}\n`);
  });
});
