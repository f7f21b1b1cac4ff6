// The storage panel's layout of a snapshot: one chain per claim, and what no
// claim reaches.
import { describe, expect, it } from 'vitest';
import type { StorageSnapshot } from '../../electron/shared/storage-snapshot';
import { changedKeys, storageFingerprints, storageGraph } from '../../renderer/src/panels/storage-graph';

const snapshot: StorageSnapshot = {
  takenAt: '2026-11-25T09:00:00Z',
  attachments: [],
  nodes: [],
  namespace: 'nslab-ada',
  classes: [
    { name: 'standard', provisioner: 'rancher.io/local-path', bindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete', isDefault: true },
    { name: 'ada-manual', provisioner: 'kubernetes.io/no-provisioner', bindingMode: 'Immediate', reclaimPolicy: 'Retain', isDefault: false },
    { name: 'unused', provisioner: 'x', bindingMode: 'Immediate', reclaimPolicy: 'Delete', isDefault: false },
  ],
  claims: [
    { name: 'data', phase: 'Bound', volumeName: 'ada-pv', storageClass: 'ada-manual', requested: '1Gi', capacity: '1Gi', accessModes: ['ReadWriteOnce'], events: [] },
    { name: 'late', phase: 'Pending', storageClass: 'standard', requested: '1Gi', accessModes: ['ReadWriteOnce'], events: [{ type: 'Normal', reason: 'WaitForFirstConsumer', message: 'waiting for first consumer to be created before binding' }] },
    { name: 'wrong', phase: 'Pending', storageClass: 'ada-manual', requested: '1Gi', accessModes: ['ReadWriteMany'], events: [{ type: 'Normal', reason: 'FailedBinding', message: 'no persistent volumes available for this claim and no storage class is set' }] },
  ],
  volumes: [
    { name: 'ada-pv', phase: 'Bound', claim: 'nslab-ada/data', capacity: '1Gi', accessModes: ['ReadWriteOnce'], reclaimPolicy: 'Retain', storageClass: 'ada-manual', nodeAffinityHosts: [] },
    { name: 'ada-old', phase: 'Released', claim: 'nslab-ada/gone', capacity: '1Gi', accessModes: ['ReadWriteOnce'], reclaimPolicy: 'Retain', storageClass: 'ada-manual', nodeAffinityHosts: [] },
  ],
  pods: [{ name: 'app', uid: 'u1', phase: 'Running', node: 'n1', claims: ['data'], labels: {}, owners: [], deleting: false, finalizers: [] }],
  workloads: [],
};

describe('storageGraph', () => {
  const graph = storageGraph(snapshot);

  it('lays out Pod → PVC → PV → StorageClass per claim', () => {
    const [data] = graph.chains;
    expect(data!.pods.map((p) => p.name)).toEqual(['app']);
    expect(data!.volume?.name).toBe('ada-pv');
    expect(data!.storageClass?.name).toBe('ada-manual');
    expect(data!.waiting).toBeUndefined();
  });

  it('explains a Pending claim: WaitForFirstConsumer without a pod, else its last event', () => {
    expect(graph.chains[1]!.waiting).toMatch(/^WaitForFirstConsumer: no pod uses this claim/);
    expect(graph.chains[2]!.waiting).toBe('FailedBinding: no persistent volumes available for this claim and no storage class is set');
  });

  it('keeps volumes and classes no claim reaches', () => {
    expect(graph.looseVolumes.map((v) => [v.name, v.phase, v.storageClassInfo?.reclaimPolicy])).toEqual([['ada-old', 'Released', 'Retain']]);
    expect(graph.looseClasses.map((c) => c.name)).toEqual(['unused']);
  });

  it('names what changed between two snapshots', () => {
    const next: StorageSnapshot = { ...snapshot, claims: snapshot.claims.map((c) => (c.name === 'late' ? { ...c, phase: 'Bound' } : c)) };
    expect(changedKeys(storageFingerprints(snapshot), storageFingerprints(next))).toEqual(['pvc:late']);
  });
});
