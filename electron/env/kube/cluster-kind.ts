// Pure: what kind of cluster `kubectl get nodes -o json` describes. kind names
// itself in each node's spec.providerID; kwok plays the kubelet for the nodes
// annotated kwok.x-k8s.io/node=fake (how the test control plane under
// test/cluster runs it). One simulated node is enough to say kwok: a pod may
// land on it, and nothing inside that pod is real.
import type { ClusterKind } from '../../engine/environment';
import { arr, obj, str, type Json } from '../../shared/json-fields';
import { kindProviderId } from '../kind/kind-nodes';


export function clusterKindOf(nodeList: unknown): ClusterKind {
  const nodes = arr(obj(nodeList).items).map(obj);
  if (nodes.some((n) => obj(obj(n.metadata).annotations)['kwok.x-k8s.io/node'] === 'fake')) return 'kwok';
  const isKind = (n: Json) => {
    const providerId = str(obj(n.spec).providerID);
    return providerId !== undefined && kindProviderId(providerId) !== undefined;
  };
  return nodes.length > 0 && nodes.every(isKind) ? 'kind' : 'cluster';
}

/** How the kind shows in a grade's environment line. */
export const CLUSTER_KIND_LABEL: Record<ClusterKind, string> = {
  kind: 'kind',
  kwok: 'nodes simulated by kwok',
  cluster: 'cluster',
};
