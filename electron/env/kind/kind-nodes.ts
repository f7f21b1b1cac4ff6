// kind's node containers on the Docker engine. kind labels each one with the
// name of its cluster, which is how nslab finds its cluster's nodes, counts
// what a failed create left, and reaches a pod's node for crictl.
import type Docker from 'dockerode';

/** Set by kind on every node container (pkg/cluster/internal/providers/docker/constants.go). */
export const KIND_CLUSTER_LABEL = 'io.x-k8s.kind.cluster';

export interface KindNode {
  /** the container name, which is also the Kubernetes node name */
  name: string;
  id: string;
  cluster: string;
  running: boolean;
}

/** The node containers of one kind cluster, or of every kind cluster when none is named. */
export async function kindNodes(docker: Docker, cluster?: string): Promise<KindNode[]> {
  const containers = await docker.listContainers({
    all: true,
    filters: { label: [cluster ? `${KIND_CLUSTER_LABEL}=${cluster}` : KIND_CLUSTER_LABEL] },
  });
  return containers.map((c) => ({
    name: c.Names[0]?.replace(/^\//, '') ?? c.Id,
    id: c.Id,
    cluster: c.Labels[KIND_CLUSTER_LABEL] ?? '',
    running: c.State === 'running',
  }));
}

/** kind's Docker network, shared by every kind cluster on the engine; kind never removes it. */
export const KIND_NETWORK = 'kind';

/** Removes kind's network once no kind node is left on the engine: a deleted cluster then leaves nothing. */
export async function removeKindNetworkIfUnused(docker: Docker): Promise<boolean> {
  if ((await kindNodes(docker)).length > 0) return false;
  try {
    await docker.getNetwork(KIND_NETWORK).remove();
    return true;
  } catch (error) {
    // 404: there is none; 403/409: a container of someone else's is still on it.
    if ([403, 404, 409].includes((error as { statusCode?: number }).statusCode ?? 0)) return false;
    throw error;
  }
}

/**
 * Pure: the kind cluster and node a Kubernetes node's spec.providerID names.
 * kind has every kubelet say "kind://<provider>/<cluster>/<node>"
 * (pkg/cluster/internal/kubeadm/config.go); any other cluster says otherwise.
 */
export function kindProviderId(providerId: string): { cluster: string; node: string } | undefined {
  const m = /^kind:\/\/[^/]+\/([^/]+)\/([^/]+)$/.exec(providerId.trim());
  return m ? { cluster: m[1]!, node: m[2]! } : undefined;
}
