// k8s.object and the kubectl JSONPath it reads, on objects captured from the
// test control plane in the middle of a foreground deletion (see
// test/fixtures/kube/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { k8sObject, objectName, substitute } from '../../electron/engine/checks/object-check';
import { evaluateJsonPath, parseJsonPath } from '../../electron/shared/jsonpath';
import { arr, obj, type Json } from '../../electron/shared/json-fields';
import { CheckSchema, type Check } from '../../electron/shared/lab';

const list = JSON.parse(readFileSync(new URL('../fixtures/kube/foreground-deletion.json', import.meta.url), 'utf8')) as unknown;
const all = arr(obj(list).items).map(obj);
const ofKind = (kind: string): Json[] => all.filter((o) => o.kind === kind);
const names = { prefix: 'fx-', namespace: 'nslab-fx', learner: 'fx' };
type ObjectCheck = Extract<Check, { check: 'k8s.object' }>;
const check = (fields: Record<string, unknown>) => CheckSchema.parse({ check: 'k8s.object', ...fields }) as ObjectCheck;
const judge = (fields: Record<string, unknown>, objects: Json[]) => k8sObject(check(fields), { objects }, names);
const at = (path: string, value: unknown) => evaluateJsonPath(parseJsonPath(path), value);

describe('kubectl JSONPath', () => {
  const deployment = ofKind('Deployment')[0]!;
  const pods = ofKind('Pod');

  it('reads fields, escaped dots in keys, indexes and wildcards', () => {
    expect(at('{.metadata.name}', deployment)).toEqual(['web']);
    expect(at('{.metadata.annotations.deployment\\.kubernetes\\.io/revision}', deployment)).toEqual(['1']);
    expect(at(".metadata['annotations']['deployment.kubernetes.io/revision']", deployment)).toEqual(['1']);
    expect(at('{.metadata.finalizers[0]}', deployment)).toEqual(['foregroundDeletion']);
    expect(at('{.metadata.finalizers[-1]}', deployment)).toEqual(['foregroundDeletion']);
    expect(at('{.spec.template.spec.containers[*].image}', deployment)).toEqual(['busybox:1.36']);
    expect(at('{.metadata.nothing.here}', deployment)).toEqual([]);
  });

  it('filters, as in {.ownerReferences[?(@.controller==true)]}', () => {
    const held = pods.find((p) => at('{.metadata.finalizers[*]}', p).includes('nslab.dev/hold'))!;
    expect(at('{.metadata.ownerReferences[?(@.controller==true)].kind}', held)).toEqual(['ReplicaSet']);
    expect(at('{.metadata.ownerReferences[?(@.controller==true)].blockOwnerDeletion}', held)).toEqual([true]);
    expect(at("{.status.conditions[?(@.type=='Ready')].status}", held)).toEqual(['True']);
    expect(at('{.status.conditions[?(@.type!="Ready")].type}', held)).not.toContain('Ready');
    expect(at('{.metadata.ownerReferences[?(@.uid)].name}', held)).toHaveLength(1);
  });

  it('refuses what it cannot read, saying where', () => {
    expect(() => parseJsonPath('{.a[?(@.b > 1)]}')).toThrow(/expected "\)\]"/);
    expect(() => parseJsonPath('{.a..b}')).toThrow(/field name/);
    expect(() => parseJsonPath('{.a[x]}')).toThrow(/cannot read/);
  });

  it('is checked when a lab is loaded', () => {
    expect(CheckSchema.safeParse({ check: 'k8s.object', resource: 'pods', where: [{ path: '{.a[', exists: true }] }).success).toBe(false);
    expect(CheckSchema.safeParse({ check: 'k8s.object', resource: 'pods', where: [{ path: '{.a}' }] }).success).toBe(false);
    expect(CheckSchema.safeParse({ check: 'k8s.object', resource: 'pods', name: 'a', labels: { a: 'b' } }).success).toBe(false);
  });
});

describe('k8s.object', () => {
  it('passes for an owner held by foreground deletion', () => {
    const verdict = judge(
      {
        resource: 'deployments',
        name: 'web',
        where: [
          { path: '{.metadata.deletionTimestamp}', exists: true },
          { path: '{.metadata.finalizers[*]}', equals: 'foregroundDeletion' },
        ],
      },
      ofKind('Deployment'),
    );
    expect(verdict).toMatchObject({ pass: true, expected: 'deployments web with {.metadata.deletionTimestamp} set, {.metadata.finalizers[*]} = foregroundDeletion' });
  });

  it('counts objects that meet every condition, and shows the values of those that miss', () => {
    const blocking = { path: '{.metadata.ownerReferences[?(@.controller==true)].blockOwnerDeletion}', equals: true };
    const dependents = [...ofKind('ReplicaSet'), ...ofKind('Pod')];
    expect(judge({ resource: 'all', labels: { app: 'web' }, where: [blocking], count: 2 }, dependents).pass).toBe(true);
    const held = judge({ resource: 'all', labels: { app: 'web' }, where: [{ path: '{.metadata.finalizers[*]}', equals: 'nslab.dev/hold' }], count: 2 }, dependents);
    expect(held.pass).toBe(false);
    expect(held.expected).toBe('exactly 2 of all labelled app=web with {.metadata.finalizers[*]} = nslab.dev/hold');
    expect(held.found).toMatch(/^1 fit of 2: web-\S+-\S+ \(\{\.metadata\.finalizers\[\*\]\} is nslab\.dev\/hold\)$/);
    const none = judge({ resource: 'deployments', name: 'web', where: [{ path: '{.metadata.deletionTimestamp}', exists: false }] }, ofKind('Deployment'));
    expect(none).toMatchObject({ pass: false });
    expect(none.found).toMatch(/^none of 1 fits: web \(\{\.metadata\.deletionTimestamp\} is 2026-/);
  });

  it('says present: false passes only when nothing fits, and names a missing resource type', () => {
    expect(judge({ resource: 'deployments', name: 'web', present: false }, [])).toMatchObject({ pass: true, found: 'there is no deployments web' });
    expect(judge({ resource: 'deployments', name: 'web', present: false }, ofKind('Deployment')).pass).toBe(false);
    const unknown = k8sObject(check({ resource: 'greetings.${NSLAB_LEARNER}.nslab.dev', labels: { a: 'b' } }), { unknownResource: 'error: the server doesn\'t have a resource type "greetings"' }, names);
    expect(unknown).toMatchObject({ pass: false, found: expect.stringContaining('no resource "greetings.fx.nslab.dev"') });
  });

  it("looks cluster-scoped objects up with the learner's prefix, and substitutes their names in values", () => {
    expect(objectName(check({ resource: 'pv', name: 'pv-1g', cluster: true }), names)).toBe('fx-pv-1g');
    expect(objectName(check({ resource: 'pvc', name: 'data' }), names)).toBe('data');
    expect(substitute('${NSLAB_PREFIX}pv-1g in ${NSLAB_NAMESPACE} of ${NSLAB_LEARNER}', names)).toBe('fx-pv-1g in nslab-fx of fx');
    const volumes = [{ metadata: { name: 'fx-pv-a', labels: { tier: 'fast' } } }, { metadata: { name: 'other-pv-a', labels: { tier: 'fast' } } }];
    expect(judge({ resource: 'pv', labels: { tier: 'fast' }, cluster: true, count: 1, where: [{ path: '{.metadata.name}', equals: '${NSLAB_PREFIX}pv-a' }] }, volumes).pass).toBe(true);
  });
});
