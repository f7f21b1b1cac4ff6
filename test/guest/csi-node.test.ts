// nslab's CSI driver on a real node: the guest's kubelet (startTestCluster({
// node: 'guest', csiDriver: true })) registers the driver's node plugin (a DaemonSet from an
// image built offline, test/cluster/csi-node-plugin.ts) through its
// plugin-registration socket, then calls NodeStageVolume and NodePublishVolume
// for a pod's claim, and undoes both in reverse when the pod goes. Checked from
// both sides: the driver's call log (what the CSI panel and csi.calls read) and
// the node's own mount table and directories.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeEnvironment } from '../../electron/env/kube/kube-environment';
import { parseMountinfo } from '../../electron/probes/mounts/parse';
import { readCsiCalls } from '../../electron/probes/csi/read';
import type { CsiCall } from '../../electron/shared/csi-call';
import { guestNodeCluster } from './guest-node-cluster';

const DRIVER = 'csi.nslab.dev';
const { cluster, node } = guestNodeCluster('csi node', { csiDriver: true });

/** This volume's calls that the driver answered OK, by method, in the order they came. */
async function callsOf(volume: string): Promise<CsiCall[]> {
  return (await readCsiCalls(cluster().cliEnv.NSLAB_CSI_LOG)).filter((c) => c.code === 'OK' && (c.volumeId === volume || c.name === volume));
}

/** Waits until `method` was answered for the volume (the kubelet and the sidecars call on their own time). */
async function waitForCall(volume: string, method: string, timeoutMs = 300_000): Promise<CsiCall[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const calls = await callsOf(volume);
    if (calls.some((c) => c.method === method)) return calls;
    if (Date.now() > deadline) throw new Error(`no ${method} for ${volume} within ${timeoutMs / 1000} s; calls: ${calls.map((c) => c.method).join(', ')}`);
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

/** The lifecycle's methods in the order each was first answered: CSI calls are idempotent, and the kubelet and sidecars may repeat one. */
const order = (calls: CsiCall[]) => [...new Set(calls.map((c) => c.method).filter((m) => !m.startsWith('NodeGet') && m !== 'ValidateVolumeCapabilities'))];

describe("nslab's CSI driver on the guest's node", () => {
  const token = randomBytes(12).toString('hex');
  let env: KubeEnvironment;
  let pv = '';
  let calls: CsiCall[] = [];

  beforeAll(async () => {
    env = await KubeEnvironment.create(cluster().target(`csinode${process.pid}`));
    const made = await env.exec(
      `kubectl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec: { accessModes: [ReadWriteOnce], storageClassName: nslab-csi, resources: { requests: { storage: 64Mi } } }
---
apiVersion: v1
kind: Pod
metadata: { name: app }
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - { name: app, image: busybox:1.36, command: [sh, -c, 'echo ${token} > /data/msg; exec sleep 3600'], volumeMounts: [{ name: d, mountPath: /data }] }
  volumes: [{ name: d, persistentVolumeClaim: { claimName: data } }]
EOF
kubectl wait --for=condition=Ready pod/app --timeout=600s >/dev/null
kubectl get pvc data -o jsonpath='{.spec.volumeName}'`,
      { timeoutMs: 660_000 },
    );
    if (made.exitCode !== 0) throw new Error(`the pod with a CSI claim did not run on the node: ${made.stderr}`);
    pv = made.stdout.trim();
    calls = await waitForCall(pv, 'NodePublishVolume');
  }, 700_000);
  afterAll(async () => env?.dispose(), 300_000);

  it('was registered by the kubelet itself: the CSINode it wrote lists the driver with the node id NodeGetInfo gave', async () => {
    const { kubeconfig } = cluster().target('admin');
    const jsonpath = `{.spec.drivers[?(@.name=="${DRIVER}")].nodeID} {.metadata.ownerReferences[0].kind}`;
    const csinode = execFileSync(join(cluster().bin, 'kubectl'), ['--kubeconfig', kubeconfig, 'get', 'csinode', node().name, '-o', `jsonpath=${jsonpath}`], { encoding: 'utf8' });
    expect(csinode.trim()).toBe(`${node().name} Node`);
    const registration = (await readCsiCalls(cluster().cliEnv.NSLAB_CSI_LOG)).filter((c) => c.service === 'Registration').map((c) => c.method);
    expect(registration).toEqual(expect.arrayContaining(['GetInfo', 'NotifyRegistrationStatus']));
  });

  it('was called by the real kubelet: NodeStageVolume, then NodePublishVolume, after CreateVolume and ControllerPublishVolume', () => {
    expect(order(calls)).toEqual(['CreateVolume', 'ControllerPublishVolume', 'NodeStageVolume', 'NodePublishVolume']);
    const stage = calls.find((c) => c.method === 'NodeStageVolume')!;
    const publish = calls.find((c) => c.method === 'NodePublishVolume')!;
    expect(stage.stagingPath).toMatch(new RegExp(`^/var/lib/kubelet/plugins/kubernetes.io/csi/${DRIVER}/[0-9a-f]{64}/globalmount$`));
    expect(publish.stagingPath).toBe(stage.stagingPath);
    expect(publish.targetPath).toMatch(new RegExp(`^/var/lib/kubelet/pods/[\\w-]+/volumes/kubernetes.io~csi/${pv}/mount$`));
  });

  it("shows both mounts in the node's mountinfo with the same source: the driver's directory, holding the pod's bytes", async () => {
    const stage = calls.find((c) => c.method === 'NodeStageVolume')!;
    const publish = calls.find((c) => c.method === 'NodePublishVolume')!;
    const mounts = parseMountinfo((await node().exec('cat /proc/1/mountinfo')).stdout);
    const [staged, published] = [stage.stagingPath, publish.targetPath].map((path) => mounts.find((m) => m.mountPoint === path));
    expect(staged, `a mount at ${stage.stagingPath} on the node`).toBeDefined();
    expect(published, `a mount at ${publish.targetPath} on the node`).toBeDefined();
    expect(staged!.root).toBe(`/var/lib/nslab-csi/volumes/${pv}/data`);
    expect([published!.root, published!.major, published!.minor]).toEqual([staged!.root, staged!.major, staged!.minor]);
    const onNode = await node().exec('cat "$DIR/msg"', { env: { DIR: staged!.root } });
    expect(onNode.stdout.trim()).toBe(token);
  });

  it('tears down in reverse when the pod goes (NodeUnpublish, NodeUnstage, then the detach), and calls DeleteVolume when the claim goes', async () => {
    const gone = await env.exec('kubectl delete pod app --wait=true >/dev/null', { timeoutMs: 300_000 });
    expect(gone.exitCode).toBe(0);
    const detached = await waitForCall(pv, 'ControllerUnpublishVolume');
    expect(order(detached)).toEqual(['CreateVolume', 'ControllerPublishVolume', 'NodeStageVolume', 'NodePublishVolume', 'NodeUnpublishVolume', 'NodeUnstageVolume', 'ControllerUnpublishVolume']);
    const mounts = parseMountinfo((await node().exec('cat /proc/1/mountinfo')).stdout);
    expect(mounts.filter((m) => m.root === `/var/lib/nslab-csi/volumes/${pv}/data`).map((m) => m.mountPoint)).toEqual([]);

    const deleted = await env.exec('kubectl delete pvc data --wait=true >/dev/null', { timeoutMs: 300_000 });
    expect(deleted.exitCode).toBe(0);
    const all = await waitForCall(pv, 'DeleteVolume');
    expect(order(all).at(-1)).toBe('DeleteVolume');
    const left = await node().exec('ls /var/lib/nslab-csi/volumes');
    expect(left.stdout).not.toContain(pv);
  }, 660_000);
});
