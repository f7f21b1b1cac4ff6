// I/O half of the storage probe: two kubectl lists, the cluster's and the learner's namespace's.
import type { ClusterAccess } from '../../engine/environment';
import type { StorageSnapshot } from '../../shared/storage-snapshot';
import { parseStorage } from './parse';

export async function readStorage(env: ClusterAccess): Promise<StorageSnapshot> {
  const [cluster, namespaced] = await Promise.all([
    // Managed fields say who made a VolumeAttachment: the attach/detach controller, or someone by hand.
    env.nslabExec('kubectl get persistentvolumes,storageclasses,volumeattachments,nodes -o json --show-managed-fields', { timeoutMs: 20_000 }),
    // Managed fields say who wrote a field: the claim's author, or admission defaulting it.
    env.nslabExec('kubectl get persistentvolumeclaims,pods,replicasets,deployments,statefulsets,events -o json --show-managed-fields', { timeoutMs: 20_000 }),
  ]);
  for (const result of [cluster, namespaced]) {
    if (result.exitCode !== 0) throw new Error(`storage probe failed: ${result.stderr.trim()}`);
  }
  return parseStorage(JSON.parse(cluster.stdout), JSON.parse(namespaced.stdout), env.namespace, env.prefix);
}
