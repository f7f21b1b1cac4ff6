// Every Kubernetes lab graded on a real kind cluster: nslab's own node image
// (kubelet, containerd, runc, a bridge CNI, the local-path provisioner) on the
// engine DOCKER_HOST names — the nslab guest's, in `npm run test:kind`
// (scripts/test-kind.ts), which creates the cluster first and deletes it after.
// Pods run for real and volumes are real directories on the node, so no check
// may be skipped here: a `needs: kubelet` or `needs: kind` check is evaluated.
import { beforeAll } from 'vitest';
import { describeLabGrading, labsOfKind } from '../helpers/lab-grading';
import { startTestCluster, type LabCluster } from '../cluster/test-cluster';

let cluster: LabCluster | undefined;
let learners = 0;

beforeAll(async () => {
  cluster = await startTestCluster('kind labs');
  if (cluster.kind !== 'kind') {
    await cluster.stop();
    throw new Error('These tests need the kind cluster "nslab" on DOCKER_HOST: `npm run test:kind` creates it on the nslab guest.');
  }
}, 5 * 60_000);

describeLabGrading(
  labsOfKind('kube'),
  () => {
    if (!cluster) throw new Error('no kind cluster');
    return { args: cluster.cliArgs(`k${process.pid}x${++learners}`), env: { PATH: `${cluster.bin}:${process.env.PATH ?? ''}` } };
  },
  // Under emulation (TCG) a pod takes tens of seconds to start: each grade gets 15 minutes.
  15 * 60_000,
  { attempts: 'first', noSkipped: true, kubelet: true },
);
