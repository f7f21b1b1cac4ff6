// Every Kubernetes lab graded on a real kind cluster: nslab's own node image
// (kubelet, containerd, runc, a bridge CNI, the local-path provisioner) on the
// engine DOCKER_HOST names — the nslab guest's, in `npm run test:kind`
// (scripts/test-kind.ts), which creates the cluster first and deletes it after.
// Pods run for real and volumes are real directories on the node, so no check
// may be skipped here: a `needs: kubelet` or `needs: kind` check is evaluated.
// Each lab's solution and first wrong attempt; the right variants are kwok's
// (each grade here takes minutes under emulation).
import { beforeAll } from 'vitest';
import { describeLabGrading, labsOfKind } from '../helpers/lab-grading';
import { startTestCluster, type LabCluster } from '../cluster/test-cluster';

/**
 * NSLAB_KIND_LABS (comma-separated lab ids) grades only those labs: each grade
 * takes minutes under emulation, and a change to one part (e.g. the CSI
 * driver's install) is proved by the labs that use it.
 */
const ONLY = process.env.NSLAB_KIND_LABS?.split(',').map((id) => id.trim()).filter(Boolean);
const unknown = ONLY?.filter((id) => !labsOfKind('kube').includes(id)) ?? [];
if (unknown.length > 0) throw new Error(`NSLAB_KIND_LABS names no Kubernetes lab ${unknown.join(', ')}`);

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
  labsOfKind('kube').filter((lab) => !ONLY || ONLY.includes(lab)),
  () => {
    if (!cluster) throw new Error('no kind cluster');
    // A step's commands get 10 minutes, not 60 s, as on the guest's node: under
    // emulation `kubectl delete pod` alone outlasted 60 s (the pod's grace period,
    // then a slow kubelet), and the solution was cut short mid-step.
    return {
      args: [...cluster.cliArgs(`k${process.pid}x${++learners}`), '--command-timeout', '600'],
      // NSLAB_CSI_LOG: the copy of nslab's CSI driver's call log, which csi.calls reads.
      env: { PATH: `${cluster.bin}:${process.env.PATH ?? ''}`, ...cluster.cliEnv },
    };
  },
  // Under emulation (TCG) a pod takes tens of seconds to start: each grade gets 15 minutes.
  15 * 60_000,
  { attempts: 'first', noSkipped: true, kubelet: true, rightVariants: false },
);
