// A guest test file's cluster: the test control plane with the nslab guest as
// its real node, started before the file's tests and stopped after them.
import { afterAll, beforeAll } from 'vitest';
import type { ClusterNode } from '../cluster/guest-node';
import { startTestCluster, type LabCluster, type TestClusterOptions } from '../cluster/test-cluster';

export function guestNodeCluster(what: string, options: Omit<TestClusterOptions, 'node'> = {}): { cluster: () => LabCluster; node: () => ClusterNode } {
  let started: LabCluster | undefined;
  // A fresh machine builds the node's binaries first (about 5 minutes on 2 cores); the join itself takes 1-2 minutes.
  beforeAll(async () => {
    started = await startTestCluster(what, { ...options, node: 'guest' });
  }, 30 * 60_000);
  afterAll(async () => {
    await started?.stop();
  }, 300_000);
  const cluster = () => {
    if (!started) throw new Error(`the cluster for ${what} did not start`);
    return started;
  };
  const node = () => {
    const joined = cluster().node;
    if (!joined) throw new Error('the guest node did not join');
    return joined;
  };
  return { cluster, node };
}
