// The binding graph as a picture: StorageClass → PVC → PV → Pod, with the
// binder's annotations on the nodes and an edge per relation.
import { describe, expect, it } from 'vitest';
import { parseStorage } from '../../electron/probes/storage/parse';
import type { StorageSnapshot } from '../../electron/shared/storage-snapshot';
import { describeBindingGraph, layoutBindingGraph, NODE_WIDTH } from '../../renderer/src/panels/storage-binding-graph';

const snapshot: StorageSnapshot = {
  takenAt: '2026-12-05T02:00:00Z',
  namespace: 'nslab-ada',
  classes: [{ name: 'standard', provisioner: 'rancher.io/local-path', bindingMode: 'WaitForFirstConsumer', reclaimPolicy: 'Delete', isDefault: true }],
  claims: [
    {
      name: 'data',
      phase: 'Bound',
      volumeName: 'pvc-1',
      storageClass: 'standard',
      requested: '100Mi',
      accessModes: ['ReadWriteOnce'],
      boundByController: true,
      bindCompleted: true,
      selectedNode: 'node-1',
      events: [],
    },
    { name: 'keep', phase: 'Pending', volumeName: 'ada-kept', storageClass: 'ada-manual', accessModes: ['ReadWriteOnce'], events: [{ type: 'Warning', reason: 'FailedBinding', message: 'volume "ada-kept" already bound to a different claim.' }] },
  ],
  volumes: [
    { name: 'pvc-1', phase: 'Bound', claim: 'nslab-ada/data', capacity: '100Mi', accessModes: ['ReadWriteOnce'], reclaimPolicy: 'Delete', storageClass: 'standard', provisionedBy: 'rancher.io/local-path', boundByController: true, nodeAffinityHosts: ['node-1'] },
    { name: 'ada-kept', phase: 'Released', claim: 'nslab-ada/keep-old', capacity: '1Gi', accessModes: ['ReadWriteOnce'], reclaimPolicy: 'Retain', storageClass: 'ada-manual', nodeAffinityHosts: [] },
  ],
  pods: [
    { name: 'w1', uid: 'u1', phase: 'Running', node: 'node-1', claims: ['data'], labels: {}, owners: [], deleting: false, finalizers: [] },
    { name: 'w2', uid: 'u2', phase: 'Pending', claims: ['data'], labels: {}, owners: [], deleting: false, finalizers: [] },
  ],
  workloads: [],
  attachments: [],
  nodes: [],
};

describe('layoutBindingGraph', () => {
  const layout = layoutBindingGraph(snapshot);
  const node = (key: string) => layout.nodes.find((n) => n.key === key)!;

  it('puts classes, claims, volumes and pods in four columns, a claim\'s pods stacked beside it', () => {
    expect(layout.columns.map((c) => c.title)).toEqual(['StorageClass', 'PersistentVolumeClaim', 'PersistentVolume', 'Pod']);
    expect(node('class:standard').x).toBeLessThan(node('claim:data').x);
    expect(node('claim:data').x).toBeLessThan(node('volume:pvc-1').x);
    expect(node('volume:pvc-1').x).toBeLessThan(node('pod:w1').x);
    expect(node('pod:w1').y).toBe(node('claim:data').y);
    expect(node('pod:w2').y).toBeGreaterThan(node('pod:w1').y);
    // keep starts below data's two pod rows; its Released volume is loose, so it gets its own row.
    expect(node('claim:keep').y).toBeGreaterThan(node('pod:w2').y);
    expect(node('volume:ada-kept').y).toBeGreaterThan(node('claim:keep').y);
    expect(layout.width).toBeGreaterThanOrEqual(node('pod:w1').x + NODE_WIDTH);
  });

  it('shows the phase, the reclaim policy and the binder\'s annotations', () => {
    expect(node('claim:data')).toMatchObject({ status: 'Bound', lines: ['100Mi · RWO', 'bound-by-controller', 'bind-completed', 'selected-node node-1'] });
    expect(node('volume:pvc-1')).toMatchObject({ status: 'Bound', lines: ['100Mi · RWO', 'reclaim Delete', 'bound-by-controller', 'provisioned-by rancher.io/local-path'] });
    expect(node('volume:ada-kept').lines).toEqual(['1Gi · RWO', 'reclaim Retain', 'claimRef nslab-ada/keep-old']);
    expect(node('class:standard')).toMatchObject({ status: 'WaitForFirstConsumer', lines: ['default · rancher.io/local-path', 'WaitForFirstConsumer', 'reclaim Delete'] });
    // A class named by a claim with no StorageClass object behind it: a name only.
    expect(node('class:ada-manual')).toMatchObject({ status: 'no object' });
    // Events are in the hover text of the claim they are about.
    expect(node('claim:keep').detail).toContain('Warning FailedBinding: volume "ada-kept" already bound to a different claim.');
  });

  it('draws bound, reserved, class and uses edges', () => {
    const edge = (from: string, to: string) => layout.edges.find((e) => e.from === from && e.to === to);
    expect(edge('claim:data', 'volume:pvc-1')).toMatchObject({ kind: 'bound' });
    expect(edge('claim:keep', 'volume:ada-kept')).toMatchObject({ kind: 'reserved', label: 'volumeName, not bound' });
    expect(edge('class:standard', 'claim:data')).toMatchObject({ kind: 'class' });
    expect(edge('class:ada-manual', 'volume:ada-kept')).toMatchObject({ kind: 'class' });
    expect(edge('claim:data', 'pod:w2')).toMatchObject({ kind: 'uses' });
  });

  it('says it in words, for screen readers', () => {
    expect(describeBindingGraph(layout)).toBe(
      'Claim data is Bound, class standard, bound to volume pvc-1 (Bound), used by pods w1, w2. ' +
        'Claim keep is Pending, class ada-manual, naming, not bound to, volume ada-kept (Released), used by no pod.',
    );
    expect(describeBindingGraph(layoutBindingGraph({ ...snapshot, classes: [], claims: [], volumes: [], pods: [] }))).toBe('No claim, volume or class of yours yet.');
  });
});

describe('the binder\'s annotations, parsed', () => {
  it('reads bind-completed on the claim and bound-by-controller on the volume', () => {
    const annotations = { 'pv.kubernetes.io/bind-completed': 'yes', 'pv.kubernetes.io/bound-by-controller': 'yes' };
    const parsed = parseStorage(
      { items: [{ kind: 'PersistentVolume', metadata: { name: 'ada-pv', annotations }, spec: { claimRef: { namespace: 'nslab-ada', name: 'data' } }, status: { phase: 'Bound' } }] },
      { items: [{ kind: 'PersistentVolumeClaim', metadata: { name: 'data', annotations }, spec: { volumeName: 'ada-pv' }, status: { phase: 'Bound' } }] },
      'nslab-ada',
      'ada-',
    );
    expect(parsed.claims[0]).toMatchObject({ bindCompleted: true, boundByController: true });
    expect(parsed.volumes[0]).toMatchObject({ boundByController: true });
  });
});
