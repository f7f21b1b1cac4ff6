// Pure: the ownership picture of a learner's namespace, derived from the
// storage snapshot's pods and workloads. ownerReferences make the tree
// (Deployment -> ReplicaSet -> Pod); selectors say which pods a ReplicaSet
// counts, which is not the same thing: a pod can match without being owned
// (the controller will adopt it if it has no controller) or be owned without
// matching (after its labels changed, the controller releases it).
import type { OwnerRef, PodInfo, StorageSnapshot, WorkloadInfo } from './storage-snapshot';

export type OwnedKind = WorkloadInfo['kind'] | 'Pod';

export interface OwnerNode {
  kind: OwnedKind;
  name: string;
  /** pods: their phase; workloads: "n replicas" */
  state: string;
  labels: Record<string, string>;
  selector?: Record<string, string>;
  deleting: boolean;
  /** what holds its deletion: foregroundDeletion, orphan, or a finalizer of someone's */
  finalizers: string[];
  /** its reference to the owner it hangs under says blockOwnerDeletion: a foreground delete of that owner waits for it */
  blocksOwner: boolean;
  children: OwnerNode[];
}

export interface SelectorMatch {
  replicaSet: string;
  pod: string;
  /** owned: counted; adoptable: matches, has no controller; foreign: matches, another controller owns it; released: owned but no longer matches */
  relation: 'owned' | 'adoptable' | 'foreign' | 'released';
}

export interface OwnerTree {
  /** objects nobody owns, each with what it owns below it */
  roots: OwnerNode[];
  matches: SelectorMatch[];
}

const key = (kind: string, name: string) => `${kind}/${name}`;

export function matchesSelector(labels: Record<string, string>, selector: Record<string, string>): boolean {
  const wanted = Object.entries(selector);
  return wanted.length > 0 && wanted.every(([k, v]) => labels[k] === v);
}

function controllerOf(owners: OwnerRef[]): OwnerRef | undefined {
  return owners.find((o) => o.controller);
}

export function buildOwnerTree(snapshot: Pick<StorageSnapshot, 'pods' | 'workloads'>): OwnerTree {
  const nodes = new Map<string, { node: OwnerNode; owners: OwnerRef[] }>();
  for (const w of snapshot.workloads) {
    nodes.set(key(w.kind, w.name), {
      node: {
        kind: w.kind,
        name: w.name,
        state: `${w.replicas} replica${w.replicas === 1 ? '' : 's'}${w.revision ? `, revision ${w.revision}` : ''}`,
        labels: {},
        selector: w.selector,
        deleting: w.deleting,
        finalizers: w.finalizers,
        blocksOwner: false,
        children: [],
      },
      owners: w.owners,
    });
  }
  for (const p of snapshot.pods) {
    nodes.set(key('Pod', p.name), {
      node: {
        kind: 'Pod',
        name: p.name,
        state: p.deleting ? 'Terminating' : p.phase,
        labels: p.labels,
        deleting: p.deleting,
        finalizers: p.finalizers,
        blocksOwner: false,
        children: [],
      },
      owners: p.owners,
    });
  }
  const roots: OwnerNode[] = [];
  for (const { node, owners } of nodes.values()) {
    // The parent is the owner with controller: true, not the first in the list
    // (seed 001 says "the first valid one"; Kubernetes' GetControllerOf says
    // otherwise). Other owners only keep the object from garbage collection.
    // An owner outside the snapshot (a Job, a StatefulSet) leaves the object a root here.
    const ranked = [...owners.filter((o) => o.controller), ...owners.filter((o) => !o.controller)];
    const ref = ranked.find((o) => nodes.has(key(o.kind, o.name)));
    const parent = ref && nodes.get(key(ref.kind, ref.name));
    if (ref) node.blocksOwner = ref.blockOwnerDeletion;
    (parent ? parent.node.children : roots).push(node);
  }
  return { roots, matches: selectorMatches(snapshot.pods, snapshot.workloads) };
}

function selectorMatches(pods: PodInfo[], workloads: WorkloadInfo[]): SelectorMatch[] {
  return workloads
    .filter((w) => w.kind === 'ReplicaSet')
    .flatMap((rs) =>
      pods.flatMap((pod): SelectorMatch[] => {
        const controller = controllerOf(pod.owners);
        const owned = controller?.kind === 'ReplicaSet' && controller.name === rs.name;
        const matches = matchesSelector(pod.labels, rs.selector);
        if (owned) return [{ replicaSet: rs.name, pod: pod.name, relation: matches ? 'owned' : 'released' }];
        if (!matches) return [];
        return [{ replicaSet: rs.name, pod: pod.name, relation: controller ? 'foreign' : 'adoptable' }];
      }),
    );
}

/** What garbage collection removes when `node` is deleted with cascade: everything below it. */
export function cascadeOf(node: OwnerNode): OwnerNode[] {
  return node.children.flatMap((child) => [child, ...cascadeOf(child)]);
}
