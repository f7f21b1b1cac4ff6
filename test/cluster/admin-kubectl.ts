// kubectl as the test's own admin: the cluster seen from outside a learner's
// environment, to set up what the test needs and to see what nslab did.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { LabCluster } from './test-cluster';

export function adminKubectl(cluster: LabCluster, args: string[], input?: string): string {
  const target = cluster.target('admin');
  const context = target.context ? ['--context', target.context] : [];
  return execFileSync(join(cluster.bin, 'kubectl'), ['--kubeconfig', target.kubeconfig, ...context, ...args], { encoding: 'utf8', input });
}
