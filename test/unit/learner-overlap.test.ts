// Learners named on the command line share a cluster only when no one's prefix
// `<learner>-` begins another's: the namespaces a cluster has decide, as
// `kubectl get namespaces -l nslab.learner -o json` lists them.
import { describe, expect, it } from 'vitest';
import { learnerOverlap, parseClusterNames, parseNamespaceNames, parseNslabNamespaces, type NslabNamespace } from '../../electron/env/kube/learner-overlap';

const learner = (name: string): NslabNamespace => ({ name: `nslab-${name}`, learner: name, box: false });

describe('learner names on one cluster', () => {
  it("reads nslab's namespaces: whose, and which hold lab boxes", () => {
    const listed = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        { metadata: { name: 'nslab-ana', labels: { 'nslab.learner': 'ana', 'pod-security.kubernetes.io/enforce': 'baseline' } } },
        { metadata: { name: 'nslab-box-ana-0123456789abcdef', labels: { 'nslab.learner': 'ana-0123456789abcdef', 'nslab.role': 'box' } } },
        { metadata: { name: 'kube-system' } },
      ],
    };
    expect(parseNslabNamespaces(listed)).toEqual([
      { name: 'nslab-ana', learner: 'ana', box: false },
      { name: 'nslab-box-ana-0123456789abcdef', learner: 'ana-0123456789abcdef', box: true },
    ]);
    expect(() => parseNslabNamespaces({ items: [{ metadata: {} }] })).toThrow();
  });

  it('lets learners whose prefixes do not begin one another work side by side, and a learner come back', () => {
    const cluster = [learner('ana'), learner('bob'), learner('ana2'), learner('anab')];
    expect(learnerOverlap('ana', cluster)).toBeUndefined();
    expect(learnerOverlap('an', cluster)).toBeUndefined();
    expect(learnerOverlap('ana-maria', [learner('ana-mari'), learner('anamaria')])).toBeUndefined();
    expect(learnerOverlap('carol', [])).toBeUndefined();
  });

  it("refuses a learner whose prefix begins another's, or who another's prefix begins", () => {
    expect(learnerOverlap('ana-2', [learner('bob'), learner('ana')])).toBe(
      'learner "ana" is already on this cluster, and the prefix "ana-" begins "ana-2-": cleanup, checks and the admission policy of "ana" would reach the cluster-wide objects of "ana-2"',
    );
    expect(learnerOverlap('ana', [learner('ana-2')])).toContain('the prefix "ana-" begins "ana-2-"');
    // A class on Kubernetes keys its learners "<slug>-<hash>": a learner named on the command line meets them too.
    expect(learnerOverlap('ana', [learner('ana-0123456789abcdef')])).toContain('learner "ana-0123456789abcdef" is already on this cluster');
  });

  it("refuses a learner whose namespace is another's, or a learner's lab boxes'", () => {
    const boxes: NslabNamespace = { name: 'nslab-box-ana', learner: 'ana', box: true };
    expect(learnerOverlap('box-ana', [boxes])).toBe('the namespace nslab-box-ana is already the lab boxes\' of "ana"');
    expect(learnerOverlap('x', [{ name: 'nslab-x', learner: 'y', box: false }])).toBe('the namespace nslab-x is already the learner\'s of "y"');
    // A box namespace is no learner's prefix: its learner is a key, never a name beside it.
    expect(learnerOverlap('ana', [boxes])).toBeUndefined();
  });

  it("refuses a learner whose namespace would be nslab's own, or one on the cluster that is no learner's", () => {
    // nslab-csi holds the CSI driver's privileged node plugin and its sidecars' account, whether or not it is there yet.
    expect(learnerOverlap('csi', [])).toBe("the namespace nslab-csi is nslab's own, where it runs its CSI driver");
    expect(learnerOverlap('csi', [], [], false, ['nslab-csi'])).toContain("nslab's own");
    expect(learnerOverlap('team', [], [], false, ['default', 'nslab-team'])).toBe("the namespace nslab-team is already on this cluster, and is no nslab learner's");
    // Their own namespace, labelled as theirs, is a learner coming back.
    expect(learnerOverlap('team', [learner('team')], [], false, ['nslab-team'])).toBeUndefined();
    const listed = { items: [{ metadata: { name: 'default' } }, { metadata: { name: 'nslab-ana', labels: { 'nslab.learner': 'ana' } } }] };
    expect(parseNamespaceNames(listed)).toEqual(['default', 'nslab-ana']);
  });

  it('refuses a learner whose prefix meets the names the cluster gives provisioned volumes, pvc-<uid>', () => {
    expect(learnerOverlap('pvc', [])).toBe('its prefix "pvc-" meets "pvc-", with which the cluster names the volumes it provisions for anyone\'s claims');
    expect(learnerOverlap('pvc-0a1b2c3d', [])).toContain('meets "pvc-"');
    expect(learnerOverlap('pvcs', [])).toBeUndefined();
  });

  it("refuses a new learner whose prefix begins a volume or class it did not make (the cluster's local-path), not one coming back to its own", () => {
    const listed = {
      items: [
        { metadata: { name: 'local-path' } },
        { metadata: { name: 'ana-pv' } },
        { metadata: { name: 'bob-pv', deletionTimestamp: '2026-12-05T10:00:00Z' } },
      ],
    };
    const names = parseClusterNames(listed);
    expect(names).toEqual(['local-path', 'ana-pv']);
    expect(learnerOverlap('local', [], names)).toBe(
      'local-path is already on this cluster, not made by "local", and begins with its prefix "local-": cleanup, checks and the admission policy of "local" would take it for theirs',
    );
    expect(learnerOverlap('ana', [], names)).toContain('ana-pv is already on this cluster');
    // ana's namespace is there: ana-pv is ana's own, from before.
    expect(learnerOverlap('ana', [learner('ana')], names)).toBeUndefined();
    // bob's volume is on its way out (his reset): bob starts again.
    expect(learnerOverlap('bob', [], names)).toBeUndefined();
  });
});
