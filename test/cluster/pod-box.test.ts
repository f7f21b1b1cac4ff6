// The Kubernetes box backend against a real API server (the test control plane;
// kwok plays the kubelet, so pods "run" but nothing can be exec'ed into them):
// the API server and its Pod Security admission accept the box pod nslab makes,
// a namespace at a stricter level refuses it with a message saying why, a box
// whose pod cannot be exec'ed into is removed again, and `nslab cleanup
// --kubeconfig` finds every box namespace and leaves nothing.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxSpecFor } from '../../electron/env/box-backend';
import { KubeBoxCluster, PodBox, StartDeadline } from '../../electron/env/kube-box/pod-box';
import { boxPod, boxNamespaceName } from '../../electron/env/kube-box/pod-spec';
import { runCli } from '../helpers/cli';
import { startControlPlane, type TestCluster } from './control-plane';

// The control plane this test owns, even where a kind cluster runs: cleanup
// removes every nslab namespace of the cluster it is given.
let cluster: TestCluster;
let boxes: KubeBoxCluster;

beforeAll(async () => {
  cluster = await startControlPlane();
  boxes = await KubeBoxCluster.open({ kubeconfig: cluster.kubeconfig });
}, 20 * 60_000);
afterAll(async () => {
  await cluster?.stop();
});

function kubectl(...args: string[]): string {
  return execFileSync(join(cluster.bin, 'kubectl'), ['--kubeconfig', cluster.kubeconfig, ...args], { encoding: 'utf8' });
}

const spec = { image: 'nslab/box:1', labId: 'uts-namespace', hostname: 'nslab-box' };

describe('the box pod on a real API server', () => {
  it('is admitted in the learner box namespace and runs with the security it asked for', async () => {
    await boxes.ensureNamespace('ana');
    await boxes.startPod(boxPod({ ...spec, sessionId: 'a1' }, 'ana', boxes.settings), new StartDeadline(60_000));
    const pod = JSON.parse(kubectl('get', 'pod', '-n', boxNamespaceName('ana'), 'nslab-uts-namespace-a1', '-o', 'json'));
    expect(pod.spec.shareProcessNamespace).toBe(true);
    expect(pod.spec.containers[0].securityContext.capabilities.add).toContain('SYS_ADMIN');
    expect(pod.spec.containers[1].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(kubectl('get', 'networkpolicy', '-n', boxNamespaceName('ana'), '-o', 'name').trim()).toBe('networkpolicy.networking.k8s.io/nslab-no-traffic');
  });

  it('is refused, saying what the cluster must allow, where Pod Security is baseline', async () => {
    kubectl('create', 'namespace', 'nslab-box-bea');
    kubectl('label', 'namespace', 'nslab-box-bea', 'nslab.learner=bea', 'pod-security.kubernetes.io/enforce=baseline');
    const refused = boxes.startPod(boxPod({ ...spec, sessionId: 'b1' }, 'bea', boxes.settings), new StartDeadline(60_000));
    await expect(refused).rejects.toThrow(/refused the lab box: .*(baseline|forbidden)/i);
    await expect(refused).rejects.toMatchObject({ fix: expect.stringContaining('privileged') });
  });

  it('is removed again when nothing can run in it (kwok runs no container)', async () => {
    await expect(PodBox.create(boxes, 'cy', { ...boxSpecFor({ id: 'uts-namespace', environment: { kind: 'box', terminals: 1, hostname: 'nslab-box', cgroups: 'read-only', dockerd: false, privileged: false } }), sessionId: 'c1' })).rejects.toThrow();
    expect(kubectl('get', 'pods', '-n', boxNamespaceName('cy'), '-o', 'name').trim()).toBe('');
  });

  it('leaves nothing once `nslab cleanup --kubeconfig` ran', async () => {
    const kubeconfig = cluster.kubeconfig;
    const dry = await runCli(['cleanup', '--kubeconfig', kubeconfig, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('would remove namespace nslab-box-ana');
    expect(dry.stdout).toContain('would remove namespace nslab-box-bea');
    const done = await runCli(['cleanup', '--kubeconfig', kubeconfig]);
    expect(done.code, done.stderr).toBe(0);
    expect((await runCli(['cleanup', '--kubeconfig', kubeconfig, '--dry-run'])).stdout).toContain('nothing to clean up');
    expect(kubectl('get', 'pods', '-A', '-l', 'nslab.role=box', '-o', 'name').trim()).toBe('');
  }, 240_000);
});
