// The Kubernetes checks judged on a real snapshot: the storage probe's two lists
// captured from the test control plane (see test/fixtures/kube/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { k8sClaim, k8sPods, k8sVolume } from '../../electron/engine/checks/k8s-checks';
import { clusterKindOf } from '../../electron/env/kube/cluster-kind';
import { parseStorage } from '../../electron/probes/storage/parse';
import { CheckSchema, type Check } from '../../electron/shared/lab';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/kube/${name}`, import.meta.url), 'utf8'));
const snapshot = parseStorage(fixture('storage-cluster.json'), fixture('storage-namespaced.json'), 'nslab-fx', 'fx-', '2026-11-25T09:42:30Z');
const check = <K extends Check['check']>(value: Record<string, unknown> & { check: K }) => CheckSchema.parse(value) as Extract<Check, { check: K }>;
const claim = (fields: Record<string, unknown>) => k8sClaim(check({ check: 'k8s.pvc', ...fields } as { check: 'k8s.pvc' }), snapshot, 'fx-');
const volume = (fields: Record<string, unknown>) => k8sVolume(check({ check: 'k8s.pv', ...fields } as { check: 'k8s.pv' }), snapshot, 'fx-');
const pods = (fields: Record<string, unknown>) => k8sPods(check({ check: 'k8s.pods', ...fields } as { check: 'k8s.pods' }), snapshot);

describe('the storage snapshot of a learner', () => {
  it('keeps only their volumes: prefixed, or claimed from their namespace', () => {
    expect(snapshot.volumes.map((v) => v.name).sort()).toEqual(['fx-pv-rwo', 'pvc-15ab8d32-866a-4c38-ba2a-87b3f8c5e5b0', 'pvc-646f27bf-ee3b-44bf-beba-14f61b5dc2a6']);
  });

  it("reads a claim's deletion and finalizers", () => {
    expect(snapshot.claims.find((c) => c.name === 'data')).toMatchObject({ deleting: true, finalizers: ['kubernetes.io/pvc-protection'] });
    expect(snapshot.claims.find((c) => c.name === 'shared')).toMatchObject({ deleting: false });
  });

  it('gives a claim made again under an old name only its own events', () => {
    const keep = snapshot.claims.find((c) => c.name === 'keep')!;
    expect(keep.events.map((e) => e.reason)).toEqual(['FailedBinding']);
  });
});

describe('k8s.pvc', () => {
  it('compares access modes as a set and says which the claim has', () => {
    expect(claim({ name: 'shared', accessModes: ['ReadWriteMany'] }).pass).toBe(true);
    const v = claim({ name: 'shared', phase: 'Bound', accessModes: ['ReadWriteOnce'] });
    expect(v.pass).toBe(false);
    expect(v.expected).toBe('claim shared with phase Bound, access modes ReadWriteOnce');
    expect(v.found).toContain('it is Pending, bound to no volume, class standard, access modes ReadWriteMany');
  });

  it('matches an event by reason and message text, and shows that event', () => {
    const v = claim({ name: 'shared', event: 'ProvisioningFailed', eventMessage: 'NodePath only supports ReadWriteOnce' });
    expect(v.pass).toBe(true);
    expect(claim({ name: 'shared', event: 'ProvisioningFailed', eventMessage: 'no node was specified' }).pass).toBe(false);
    expect(v.found).toContain('warning ProvisioningFailed: failed to provision volume with StorageClass "standard": NodePath only supports');
  });

  it('shows the newest warning when no event was asked about: why a claim is stuck', () => {
    expect(claim({ name: 'shared', phase: 'Bound' }).found).toContain('warning ProvisioningFailed');
    expect(claim({ name: 'keep', phase: 'Bound' }).found).toMatch(/warning FailedBinding: volume "pvc-646f27bf-[^"]+" already bound to a different claim/);
  });

  it('does not let a claim made again inherit the old one\'s events', () => {
    expect(claim({ name: 'keep', event: 'ProvisioningSucceeded' }).pass).toBe(false);
    expect(claim({ name: 'keep', phase: 'Pending', event: 'FailedBinding', eventMessage: 'already bound to a different claim' }).pass).toBe(true);
  });

  it('sees a deletion held back by finalizers', () => {
    expect(claim({ name: 'data', phase: 'Bound', deleting: true }).pass).toBe(true);
    expect(claim({ name: 'data', deleting: false })).toMatchObject({
      pass: false,
      found: expect.stringContaining('being deleted, held by finalizers kubernetes.io/pvc-protection'),
    });
    expect(claim({ name: 'shared', deleting: true }).expected).toBe('claim shared with its deletion held back by finalizers');
  });

  it('present: false passes only when there is no such claim', () => {
    expect(claim({ name: 'notes', present: false })).toEqual({ pass: true, expected: 'no claim notes', found: 'there is none' });
    const v = claim({ name: 'data', present: false });
    expect(v.pass).toBe(false);
    expect(v.found).toMatch(/^there is one: it is Bound, bound to pvc-15ab8d32/);
  });

  it('an eventMessage without the event reason is a schema error', () => {
    expect(CheckSchema.safeParse({ check: 'k8s.pvc', name: 'x', eventMessage: 'y' }).success).toBe(false);
  });
});

describe('k8s.pv', () => {
  it('checks the provisioner and that the volume sits on the node its pod runs on', () => {
    const v = volume({ claim: 'data', phase: 'Bound', provisionedBy: 'rancher.io/local-path', reclaimPolicy: 'Delete', sameNodeAs: 'writer' });
    expect(v).toMatchObject({ pass: true, expected: expect.stringContaining('pinned to the node pod writer runs on') });
    expect(v.found).toContain('pinned to nslab-control-plane, pod writer runs on nslab-control-plane');
  });

  it('says where the pod is when it is not on the volume\'s node', () => {
    expect(volume({ claim: 'data', sameNodeAs: 'app' })).toMatchObject({ pass: false, found: expect.stringContaining('pod app runs on no node yet') });
    expect(volume({ claim: 'data', sameNodeAs: 'ghost' }).found).toContain('there is no pod ghost');
    expect(volume({ name: 'pv-rwo', provisionedBy: 'rancher.io/local-path' }).found).toContain('provisioned by nobody (made by hand)');
  });

  it('finds the volume a claim names, even one still Released to its old uid', () => {
    expect(volume({ claim: 'keep', phase: 'Released', reclaimPolicy: 'Retain' }).pass).toBe(true);
    expect(volume({ claim: 'keep', phase: 'Bound' }).found).toBe('pvc-646f27bf-ee3b-44bf-beba-14f61b5dc2a6 is Released, claim nslab-fx/keep, reclaim policy Retain');
  });

  it('present: false names what is still there', () => {
    expect(volume({ claim: 'shared', present: false })).toEqual({ pass: true, expected: 'no volume of claim shared', found: 'there is none' });
    expect(volume({ name: 'pv-rwo', present: false })).toEqual({ pass: false, expected: 'no volume fx-pv-rwo', found: 'there is fx-pv-rwo, Available' });
  });
});

describe('evidence of how a claim got its volume and class', () => {
  it('k8s.pvc boundBy reads the PV controller\'s bound-by-controller annotation', () => {
    expect(claim({ name: 'data', boundBy: 'controller' }).pass).toBe(true);
    const v = claim({ name: 'data', boundBy: 'claim' });
    expect(v.pass).toBe(false);
    expect(v.expected).toContain('its volume named by the claim itself (spec.volumeName');
    expect(v.found).toContain('the PV controller chose its volume (bound-by-controller)');
  });

  // Managed fields are recorded before admission: a class the DefaultStorageClass plugin filled in has no owner.
  const claimWith = (managedFields: unknown[]) =>
    parseStorage({ items: [] }, { items: [{ kind: 'PersistentVolumeClaim', metadata: { name: 'c', managedFields }, spec: { storageClassName: 'standard' }, status: { phase: 'Pending' } }] }, 'ns', 'p-');
  const written = claimWith([{ manager: 'kubectl-client-side-apply', fieldsV1: { 'f:spec': { 'f:storageClassName': {}, 'f:resources': {} } } }]);
  const defaulted = claimWith([{ manager: 'kubectl-client-side-apply', fieldsV1: { 'f:spec': { 'f:resources': {} } } }]);
  const classFrom = (s: typeof written, from: 'default' | 'claim') => k8sClaim(check({ check: 'k8s.pvc', name: 'c', storageClassFrom: from }), s, 'p-');

  it('k8s.pvc storageClassFrom tells a defaulted class from one written out', () => {
    expect(classFrom(defaulted, 'default').pass).toBe(true);
    expect(classFrom(written, 'claim').pass).toBe(true);
    const v = classFrom(written, 'default');
    expect(v.pass).toBe(false);
    expect(v.found).toContain('its manifest wrote spec.storageClassName');
  });
});

describe('k8s.pods', () => {
  it('claim: counts only pods with a volume from that claim, and shows the claims of the others', () => {
    expect(pods({ name: 'writer', claim: 'data', count: 1 }).pass).toBe(true);
    const v = pods({ name: 'stray', claim: 'data', count: 1 });
    expect(v.pass).toBe(false);
    expect(v.expected).toContain('with a volume from claim data (volumes[].persistentVolumeClaim.claimName)');
    expect(v.found).toContain('stray (Running, no owner, no volume from any claim)');
  });

  it('notLabels: a label changed or removed both count', () => {
    expect(pods({ name: 'stray', notLabels: { app: 'web' }, count: 1 }).pass).toBe(true);
    expect(pods({ name: 'writer', notLabels: { app: 'web' }, count: 1 }).pass).toBe(true);
    const v = pods({ name: 'web-hgtfm', notLabels: { app: 'web' }, count: 1 });
    expect(v.pass).toBe(false);
    expect(v.found).toContain('app=web');
  });

  it('selects by name, by labels or both', () => {
    expect(pods({ name: 'writer', count: 1, phase: 'Running' }).pass).toBe(true);
    expect(pods({ name: 'stray', labels: { app: 'web' }, count: 0 }).pass).toBe(true);
    expect(pods({ name: 'w1', count: 1 })).toEqual({ pass: false, expected: '1 pod(s) named w1', found: 'no pod named w1' });
    expect(CheckSchema.safeParse({ check: 'k8s.pods', count: 1 }).success).toBe(false);
  });

  it('ownerKind "none" counts pods no controller owns', () => {
    expect(pods({ labels: { app: 'web' }, count: 2, ownerKind: 'ReplicaSet' }).pass).toBe(true);
    expect(pods({ labels: { app: 'debug' }, count: 1, ownerKind: 'none' }).pass).toBe(true);
    const v = pods({ labels: { app: 'web' }, count: 2, phase: 'Running', ownerKind: 'none' });
    expect(v.expected).toBe('2 pod(s) labelled app=web in phase Running owned by no controller');
    expect(v.found).toMatch(/^none that fits; there are 2 labelled app=web: web-\w+ \(Running, owner ReplicaSet\/web\), web-\w+ \(Running, owner ReplicaSet\/web\)$/);
  });
});

describe('clusterKindOf', () => {
  it('knows kwok by its node annotation, kind by its providerID, and calls the rest "cluster"', () => {
    expect(clusterKindOf(fixture('nodes-kwok.json'))).toBe('kwok');
    expect(clusterKindOf(fixture('nodes-kind.reconstructed.json'))).toBe('kind');
    expect(clusterKindOf({ items: [{ spec: { providerID: 'gce://project/zone/node-1' } }] })).toBe('cluster');
    expect(clusterKindOf({ items: [] })).toBe('cluster');
    expect(clusterKindOf('not a node list')).toBe('cluster');
  });
});
