// Every Kubernetes lab, graded by the real CLI against a real control plane
// (etcd, kube-apiserver, kube-controller-manager, kube-scheduler built from
// upstream sources; kwok playing the kubelet; the local-path provisioner).
// Grades run side by side, each as a learner of its own: the per-learner
// namespace and name prefix are what keeps them apart, as in a classroom.
import { afterAll, beforeAll } from 'vitest';
import { describeLabGrading, labsOfKind } from '../helpers/lab-grading';
import { startTestCluster, type LabCluster } from './test-cluster';

let cluster: LabCluster | undefined;
let learners = 0;

// A fresh machine builds the control plane first (about 7 minutes on 2 cores).
beforeAll(async () => {
  cluster = await startTestCluster('kube labs');
}, 20 * 60_000);
afterAll(async () => {
  await cluster?.stop();
});

describeLabGrading(labsOfKind('kube'), () => {
  if (!cluster) throw new Error('the test control plane did not start');
  return {
    args: cluster.cliArgs(`t${process.pid}x${++learners}`),
    env: { PATH: `${cluster.bin}:${process.env.PATH ?? ''}`, ...cluster.cliEnv },
  };
  // Pods take their grace period to go, and controllers their loops: minutes, not seconds.
}, 320_000);
