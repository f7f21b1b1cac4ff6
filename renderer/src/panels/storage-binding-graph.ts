// Pure: the storage binding graph as a picture. Four columns, StorageClass →
// PVC → PV → Pod, one row per claim (its pods stacked beside it), the volumes no
// claim holds below. Each node carries what decides a binding: the phase, the
// reclaim policy, the binder's annotations (bound-by-controller, bind-completed,
// selected-node, provisioned-by), and its events for the hover text. Laid out on
// the chains of storage-graph.ts, so the picture and the table never disagree.
import type { ClaimInfo, PodInfo, StorageClassInfo, StorageSnapshot, VolumeInfo } from '../../../electron/shared/storage-snapshot';
import { storageGraph } from './storage-graph';

export type BindingNodeKind = 'class' | 'claim' | 'volume' | 'pod';

export interface BindingNode {
  /** "<kind>:<name>", unique in the graph and stable across snapshots */
  key: string;
  kind: BindingNodeKind;
  name: string;
  /** what colours it: a phase, or for a class its binding mode */
  status: string;
  /** at most MAX_LINES short facts under the name */
  lines: string[];
  /** the hover text: every fact, and a claim's events, newest last */
  detail: string;
  /** top left corner */
  x: number;
  y: number;
}

/**
 * class: the claim (or its volume) names the class; bound: claim and volume
 * point at each other; reserved: the claim names the volume in spec.volumeName
 * but is not bound to it (yet); uses: a pod has a volume from the claim.
 */
export type BindingEdgeKind = 'class' | 'bound' | 'reserved' | 'uses';

export interface BindingEdge {
  from: string;
  to: string;
  kind: BindingEdgeKind;
  label: string;
}

export interface BindingGraphLayout {
  columns: { title: string; x: number }[];
  nodes: BindingNode[];
  edges: BindingEdge[];
  width: number;
  height: number;
}

export const NODE_WIDTH = 168;
export const LINE_HEIGHT = 13;
export const MAX_LINES = 4;
export const NODE_HEIGHT = 22 + MAX_LINES * LINE_HEIGHT;
const COLUMN_GAP = 44;
const ROW_GAP = 14;
export const HEADER_HEIGHT = 24;
const COLUMNS: { kind: BindingNodeKind; title: string }[] = [
  { kind: 'class', title: 'StorageClass' },
  { kind: 'claim', title: 'PersistentVolumeClaim' },
  { kind: 'volume', title: 'PersistentVolume' },
  { kind: 'pod', title: 'Pod' },
];

const columnX = (kind: BindingNodeKind) => COLUMNS.findIndex((c) => c.kind === kind) * (NODE_WIDTH + COLUMN_GAP);
const rowY = (row: number) => HEADER_HEIGHT + row * (NODE_HEIGHT + ROW_GAP);

export const shortModes = (modes: string[]) =>
  modes.map((m) => ({ ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' })[m] ?? m).join(',') || 'no access mode';

function classFacts(c: StorageClassInfo): string[] {
  return [`${c.isDefault ? 'default · ' : ''}${c.provisioner}`, c.bindingMode, `reclaim ${c.reclaimPolicy}`];
}

function claimFacts(c: ClaimInfo): string[] {
  return [
    `${c.requested ?? '?'} · ${shortModes(c.accessModes)}`,
    c.boundByController ? 'bound-by-controller' : c.volumeName && c.phase === 'Bound' ? 'pre-bound: spec.volumeName' : undefined,
    c.bindCompleted ? 'bind-completed' : undefined,
    c.selectedNode ? `selected-node ${c.selectedNode}` : undefined,
    c.deleting ? `deleting, held by ${c.finalizers?.join(', ') || 'nothing'}` : undefined,
  ].filter((line): line is string => line !== undefined);
}

function volumeFacts(v: VolumeInfo): string[] {
  return [
    `${v.capacity ?? '?'} · ${shortModes(v.accessModes)}`,
    `reclaim ${v.reclaimPolicy}`,
    v.boundByController ? 'bound-by-controller' : undefined,
    v.provisionedBy ? `provisioned-by ${v.provisionedBy}` : undefined,
    v.claim && v.phase !== 'Bound' ? `claimRef ${v.claim}` : undefined,
  ].filter((line): line is string => line !== undefined);
}

function podFacts(p: PodInfo): string[] {
  return [p.node ? `on ${p.node}` : 'no node yet', p.deleting ? 'terminating' : undefined].filter((line): line is string => line !== undefined);
}

function node(kind: BindingNodeKind, name: string, status: string, facts: string[], row: number, extra: string[] = []): BindingNode {
  const detail = [`${COLUMNS.find((c) => c.kind === kind)!.title} ${name}: ${status}`, ...facts, ...extra].join('\n');
  return { key: `${kind}:${name}`, kind, name, status, lines: facts.slice(0, MAX_LINES), detail, x: columnX(kind), y: rowY(row) };
}

export function layoutBindingGraph(snapshot: StorageSnapshot): BindingGraphLayout {
  const graph = storageGraph(snapshot);
  const nodes = new Map<string, BindingNode>();
  const edges: BindingEdge[] = [];
  const add = (n: BindingNode) => (nodes.has(n.key) ? nodes.get(n.key)! : (nodes.set(n.key, n), n));
  let row = 0;
  const classNode = (name: string | undefined, info: StorageClassInfo | undefined, at: number): BindingNode | undefined => {
    if (info) return add(node('class', info.name, info.bindingMode, classFacts(info), at));
    // Static binding matches class names: a name with no StorageClass object is a label, nothing provisions.
    return name ? add(node('class', name, 'no object', ['a name only: no StorageClass', 'nothing provisions'], at)) : undefined;
  };

  for (const chain of graph.chains) {
    const { claim } = chain;
    const events = claim.events.map((e) => `${e.type} ${e.reason}: ${e.message}`);
    const claimNode = add(node('claim', claim.name, claim.phase, claimFacts(claim), row, [...(chain.waiting ? [chain.waiting] : []), ...events]));
    const cls = classNode(claim.storageClass || chain.volume?.storageClass, chain.storageClass, row);
    if (cls) edges.push({ from: cls.key, to: claimNode.key, kind: 'class', label: claim.storageClass === undefined ? 'from the volume' : 'storageClassName' });
    if (chain.volume) {
      const volumeNode = add(node('volume', chain.volume.name, chain.volume.phase, volumeFacts(chain.volume), row));
      const bound = claim.phase === 'Bound' && chain.volume.phase === 'Bound';
      edges.push({ from: claimNode.key, to: volumeNode.key, kind: bound ? 'bound' : 'reserved', label: bound ? 'bound' : 'volumeName, not bound' });
    } else if (claim.volumeName) {
      const named = snapshot.volumes.find((v) => v.name === claim.volumeName);
      if (named) edges.push({ from: claimNode.key, to: `volume:${named.name}`, kind: 'reserved', label: 'volumeName, not bound' });
    }
    chain.pods.forEach((pod, i) => {
      const podNode = add(node('pod', pod.name, pod.deleting ? 'Terminating' : pod.phase, podFacts(pod), row + i));
      edges.push({ from: claimNode.key, to: podNode.key, kind: 'uses', label: 'mounts' });
    });
    row += Math.max(1, chain.pods.length);
  }
  for (const volume of graph.looseVolumes) {
    const volumeNode = add(node('volume', volume.name, volume.phase, volumeFacts(volume), row));
    const cls = classNode(volume.storageClass, volume.storageClassInfo, row);
    if (cls) edges.push({ from: cls.key, to: volumeNode.key, kind: 'class', label: 'storageClassName' });
    row += 1;
  }
  // A reserved edge drawn before its (loose) volume was placed: keep only edges whose ends exist.
  const kept = edges.filter((e) => nodes.has(e.from) && nodes.has(e.to));
  return {
    columns: COLUMNS.map((c) => ({ title: c.title, x: columnX(c.kind) })),
    nodes: [...nodes.values()],
    edges: kept,
    width: columnX('pod') + NODE_WIDTH + 2,
    height: rowY(Math.max(row, 1)) + 2,
  };
}

/** The graph in one sentence per claim: the picture's text alternative. */
export function describeBindingGraph(layout: BindingGraphLayout): string {
  const byKey = new Map(layout.nodes.map((n) => [n.key, n]));
  const claims = layout.nodes.filter((n) => n.kind === 'claim');
  if (claims.length === 0 && layout.nodes.length === 0) return 'No claim, volume or class of yours yet.';
  const sentences = claims.map((c) => {
    const out = layout.edges.filter((e) => e.from === c.key || e.to === c.key);
    const cls = out.find((e) => e.kind === 'class');
    const vol = out.find((e) => e.kind === 'bound' || e.kind === 'reserved');
    const pods = out.filter((e) => e.kind === 'uses').map((e) => byKey.get(e.to)!.name);
    return [
      `Claim ${c.name} is ${c.status}`,
      cls ? `, class ${byKey.get(cls.from)!.name}` : '',
      vol ? `, ${vol.kind === 'bound' ? 'bound to' : 'naming, not bound to,'} volume ${byKey.get(vol.to)!.name} (${byKey.get(vol.to)!.status})` : '',
      pods.length ? `, used by pod${pods.length > 1 ? 's' : ''} ${pods.join(', ')}` : ', used by no pod',
      '.',
    ].join('');
  });
  const loose = layout.nodes.filter((n) => n.kind === 'volume' && !layout.edges.some((e) => e.to === n.key && e.kind !== 'class'));
  if (loose.length) sentences.push(`Volumes no claim holds: ${loose.map((v) => `${v.name} (${v.status})`).join(', ')}.`);
  return sentences.join(' ');
}
