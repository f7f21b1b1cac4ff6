// nslab's CSI driver with the real sidecars on the real control plane (which
// runs them: csi-plane.ts): the external-provisioner (v6), external-attacher
// (v4), external-resizer (v2), csi-snapshotter and snapshot-controller (v8),
// built from the Go module proxy (build-csi-sidecars.sh), drive the driver's
// controller half through a claim's whole life: CreateVolume,
// ControllerPublishVolume for the attach/detach controller's VolumeAttachment,
// ControllerUnpublishVolume when the pod goes, DeleteVolume when the claim
// goes; and a claim grown, snapshotted and restored. kwok plays the kubelet, so the
// node half (NodeStage/NodePublish) is not called here (the driver's own test
// covers it); the kubelet's plugin registration is stood in for by the CSINode
// it would write (test/cluster/kwok-node.yaml, a stand-in, named as one; on the
// guest's real node the kubelet registers it: test/guest/csi-node.test.ts).
// The calls are followed through CsiCallWatch, as the CSI panel follows them.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsiCallWatch } from '../../electron/env/kube/csi-call-watch';
import type { CsiCall } from '../../electron/shared/csi-call';
import { NODE_NAME, startControlPlane, type TestCluster } from './control-plane';

const DRIVER = 'csi.nslab.dev';
const NS = 'csi-sidecars';
let plane: TestCluster;
let calls: CsiCallWatch;

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

/** from `since` until the call's line: how long a change in the cluster took to reach the driver */
const latency = (since: number, call: CsiCall) => `${Date.parse(call.at) - since} ms (the call itself ${call.ms} ms)`;

beforeAll(async () => {
  plane = await startControlPlane();
  calls = new CsiCallWatch(plane.csiLog, () => undefined);
  await calls.start();
  kubectl('create', 'namespace', NS);
}, 20 * 60_000);

afterAll(async () => {
  await calls?.stop();
  await plane?.stop();
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
    expect(create.claim).toBe(`${NS}/data`);
    expect(existsSync(join(plane.dir, 'csi/root/volumes', volume, 'data'))).toBe(true);
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
    expect(existsSync(join(plane.dir, 'csi/root/volumes', volume))).toBe(false);
    const order = calls
      .snapshot()
      .calls.filter((c) => c.volumeId === volume && c.code === 'OK')
      .map((c) => c.method);
    expect(order.filter((m, i) => order.indexOf(m) === i)).toEqual(['CreateVolume', 'ControllerPublishVolume', 'ControllerUnpublishVolume', 'DeleteVolume']);
    process.stderr.write(`csi sidecars: claim deleted -> DeleteVolume: ${latency(asked, deleted)}\n`);
  });
});

describe('a claim grown, snapshotted and restored, through the real sidecars', () => {
  const pvcOf = (name: string) => JSON.parse(kubectl('get', 'pvc', name, '-n', NS, '-o', 'json')) as {
    spec: { volumeName?: string };
    status: { phase?: string; capacity?: { storage?: string }; allocatedResources?: { storage?: string }; conditions?: { type: string }[] };
  };
  let source = '';

  it('the external-resizer calls ControllerExpandVolume; the claim waits for the node', async () => {
    apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: grown, namespace: ${NS} }
spec: { accessModes: [ReadWriteOnce], storageClassName: nslab-csi, resources: { requests: { storage: 64Mi } } }
`);
    source = await until('the claim to bind', () => pvcOf('grown').spec.volumeName);
    writeFileSync(join(plane.dir, 'csi/root/volumes', source, 'data/kept'), 'before the snapshot\n');
    const asked = Date.now();
    kubectl('patch', 'pvc', 'grown', '-n', NS, '-p', '{"spec":{"resources":{"requests":{"storage":"128Mi"}}}}');
    const expand = await until('ControllerExpandVolume in the log', () => callOf('ControllerExpandVolume', source));
    expect(expand.capacityBytes).toBe(128 * 1024 * 1024);
    const status = await until('the resize to wait for the node', () => {
      const s = pvcOf('grown').status;
      return s.conditions?.some((c) => c.type === 'FileSystemResizePending') ? s : undefined;
    });
    expect(status).toMatchObject({ capacity: { storage: '64Mi' }, allocatedResources: { storage: '128Mi' } });
    expect(kubectl('get', 'pv', source, '-o', 'jsonpath={.spec.capacity.storage}')).toBe('128Mi');
    process.stderr.write(`csi sidecars: claim grown -> ControllerExpandVolume: ${latency(asked, expand)}\n`);
  });

  it('a VolumeSnapshot becomes CreateSnapshot, a real copy, and a claim restored from it gets the copy', async () => {
    const asked = Date.now();
    apply(`apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: { name: grown-snap, namespace: ${NS} }
spec: { volumeSnapshotClassName: nslab-csi-snapshots, source: { persistentVolumeClaimName: grown } }
`);
    const snap = await until('CreateSnapshot in the log', () => callOf('CreateSnapshot', source));
    const snapshotId = snap.snapshotId!;
    await until('the VolumeSnapshot ready', () => (kubectl('get', 'volumesnapshot', 'grown-snap', '-n', NS, '-o', 'jsonpath={.status.readyToUse}') === 'true' ? true : undefined));
    expect(kubectl('get', 'volumesnapshot', 'grown-snap', '-n', NS, '-o', 'jsonpath={.status.restoreSize}')).toBe('128Mi');
    writeFileSync(join(plane.dir, 'csi/root/volumes', source, 'data/kept'), 'after the snapshot\n');
    process.stderr.write(`csi sidecars: VolumeSnapshot applied -> CreateSnapshot: ${latency(asked, snap)}\n`);

    apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: restored, namespace: ${NS} }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: nslab-csi
  resources: { requests: { storage: 128Mi } }
  dataSource: { apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: grown-snap }
`);
    const restored = await until('the restored claim to bind', () => pvcOf('restored').spec.volumeName);
    expect((await until('the restoring CreateVolume in the log', () => callOf('CreateVolume', restored))).snapshotId).toBe(snapshotId);
    expect(readFileSync(join(plane.dir, 'csi/root/volumes', restored, 'data/kept'), 'utf8')).toBe('before the snapshot\n');

    kubectl('delete', 'volumesnapshot', 'grown-snap', '-n', NS, '--wait=false');
    await until('DeleteSnapshot in the log', () => calls.snapshot().calls.find((c) => c.method === 'DeleteSnapshot' && c.snapshotId === snapshotId && c.code === 'OK'));
    expect(existsSync(join(plane.dir, 'csi/root/snapshots', snapshotId))).toBe(false);
  });
});
