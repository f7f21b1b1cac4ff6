// The ownership picture drawn by the owners panel: tree, selector relations,
// and what a cascading delete removes.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseStorage } from '../../electron/probes/storage/parse';
import { buildOwnerTree, cascadeOf } from '../../electron/shared/owner-tree';
import type { PodInfo, WorkloadInfo } from '../../electron/shared/storage-snapshot';

const pod = (name: string, labels: Record<string, string>, owner?: string): PodInfo => ({
  name,
  uid: `uid-${name}`,
  phase: 'Running',
  claims: [],
  labels,
  owners: owner ? [{ kind: 'ReplicaSet', name: owner, controller: true, blockOwnerDeletion: true }] : [],
  deleting: false,
  finalizers: [],
});

const deployment: WorkloadInfo = { kind: 'Deployment', name: 'web', replicas: 2, selector: { app: 'web' }, owners: [], deleting: false, finalizers: [] };
const replicaSet: WorkloadInfo = {
  kind: 'ReplicaSet',
  name: 'web-5d4f',
  replicas: 2,
  selector: { app: 'web' },
  owners: [{ kind: 'Deployment', name: 'web', controller: true, blockOwnerDeletion: true }],
  deleting: false,
  finalizers: [],
  revision: '2',
};

describe('buildOwnerTree', () => {
  const tree = buildOwnerTree({
    workloads: [deployment, replicaSet],
    pods: [
      pod('web-5d4f-a', { app: 'web' }, 'web-5d4f'),
      pod('web-5d4f-b', { app: 'db' }, 'web-5d4f'),
      pod('stray', { app: 'web' }),
      pod('lonely', { app: 'other' }),
    ],
  });

  it('nests Deployment → ReplicaSet → Pods and keeps unowned pods as roots', () => {
    expect(tree.roots.map((r) => `${r.kind}/${r.name}`)).toEqual(['Deployment/web', 'Pod/stray', 'Pod/lonely']);
    const rs = tree.roots[0]!.children[0]!;
    expect(rs).toMatchObject({ kind: 'ReplicaSet', name: 'web-5d4f', state: '2 replicas, revision 2', blocksOwner: true });
    expect(rs.children.map((c) => c.name)).toEqual(['web-5d4f-a', 'web-5d4f-b']);
  });

  it('tells owning from matching', () => {
    expect(tree.matches).toEqual([
      { replicaSet: 'web-5d4f', pod: 'web-5d4f-a', relation: 'owned' },
      { replicaSet: 'web-5d4f', pod: 'web-5d4f-b', relation: 'released' },
      { replicaSet: 'web-5d4f', pod: 'stray', relation: 'adoptable' },
    ]);
  });

  it('says what a cascading delete removes', () => {
    expect(cascadeOf(tree.roots[0]!).map((n) => n.name)).toEqual(['web-5d4f', 'web-5d4f-a', 'web-5d4f-b']);
    expect(cascadeOf(tree.roots[1]!)).toEqual([]);
  });

  it('calls a pod another controller owns foreign, and an owner outside the snapshot leaves a root', () => {
    const other = { ...pod('job-pod', { app: 'web' }), owners: [{ kind: 'Job', name: 'batch', controller: true, blockOwnerDeletion: true }] };
    const t = buildOwnerTree({ workloads: [replicaSet], pods: [other] });
    expect(t.matches).toEqual([{ replicaSet: 'web-5d4f', pod: 'job-pod', relation: 'foreign' }]);
    expect(t.roots.map((r) => r.name)).toEqual(['web-5d4f', 'job-pod']);
  });

  it('hangs an object under the owner with controller: true, not the first one listed', () => {
    const shared = {
      ...pod('shared', { app: 'web' }),
      owners: [
        { kind: 'Deployment', name: 'web', controller: false, blockOwnerDeletion: false },
        { kind: 'ReplicaSet', name: 'web-5d4f', controller: true, blockOwnerDeletion: true },
      ],
    };
    const t = buildOwnerTree({ workloads: [deployment, replicaSet], pods: [shared] });
    const rs = t.roots[0]!.children[0]!;
    expect(rs.children.map((c) => c.name)).toEqual(['shared']);
    expect(t.roots[0]!.children.map((c) => c.name)).toEqual(['web-5d4f']);
  });

  it("nests a StatefulSet's pods under it", () => {
    const sts: WorkloadInfo = { kind: 'StatefulSet', name: 'web', replicas: 2, selector: { app: 'web' }, owners: [], deleting: false, finalizers: [] };
    const web0 = { ...pod('web-0', { app: 'web' }), owners: [{ kind: 'StatefulSet', name: 'web', controller: true, blockOwnerDeletion: true }] };
    const t = buildOwnerTree({ workloads: [sts], pods: [web0] });
    expect(t.roots.map((r) => `${r.kind}/${r.name}`)).toEqual(['StatefulSet/web']);
    expect(t.roots[0]!.children.map((c) => c.name)).toEqual(['web-0']);
  });
});

describe('a foreground deletion held by a finalizer (captured, see test/fixtures/kube/README.md)', () => {
  const list = JSON.parse(readFileSync(new URL('../fixtures/kube/foreground-deletion.json', import.meta.url), 'utf8')) as unknown;
  const snapshot = parseStorage({ items: [] }, list, 'nslab-fx', 'fx-');
  const tree = buildOwnerTree(snapshot);

  it('shows every level deleting, with what holds it and what blocks its owner', () => {
    const deployment = tree.roots[0]!;
    expect(deployment).toMatchObject({ kind: 'Deployment', name: 'web', deleting: true, finalizers: ['foregroundDeletion'], blocksOwner: false });
    const rs = deployment.children[0]!;
    expect(rs).toMatchObject({ kind: 'ReplicaSet', deleting: true, finalizers: ['foregroundDeletion'], blocksOwner: true });
    expect(rs.state).toBe('2 replicas, revision 1');
    expect(rs.children).toEqual([expect.objectContaining({ kind: 'Pod', state: 'Terminating', finalizers: ['nslab.dev/hold'], blocksOwner: true })]);
  });
});

