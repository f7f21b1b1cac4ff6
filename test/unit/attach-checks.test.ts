// k8s.volumeattachment judged on a real snapshot: the attach/detach
// controller's VolumeAttachment answered by hand, beside one made with kubectl
// (see test/fixtures/kube/README.md).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { k8sVolumeAttachment } from '../../electron/engine/checks/attach-checks';
import { parseStorage } from '../../electron/probes/storage/parse';
import { CheckSchema, type Check } from '../../electron/shared/lab';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/kube/${name}`, import.meta.url), 'utf8'));
const snapshot = parseStorage(fixture('attach-cluster.json'), fixture('attach-namespaced.json'), 'nslab-fx', 'fx-', '2026-12-05T02:23:00Z');
const attachment = (fields: Record<string, unknown>) =>
  k8sVolumeAttachment(CheckSchema.parse({ check: 'k8s.volumeattachment', ...fields }) as Extract<Check, { check: 'k8s.volumeattachment' }>, snapshot);

describe('the snapshot of VolumeAttachments and nodes', () => {
  it("keeps the learner's attachments, with who wrote their spec", () => {
    const byVolume = Object.fromEntries(snapshot.attachments.map((a) => [a.volume, a]));
    expect(byVolume['fx-data-pv']).toMatchObject({
      attacher: 'csi.nslab.dev',
      node: 'nslab-control-plane',
      attached: true,
      madeBy: 'kube-controller-manager',
      finalizers: ['external-attacher/csi-nslab-dev'],
      deleting: false,
    });
    expect(byVolume['fx-data-pv']!.name).toMatch(/^csi-[0-9a-f]{64}$/);
    expect(byVolume['fx-hand-pv']).toMatchObject({ name: 'fx-by-hand', attached: false, madeBy: 'kubectl-client-side-apply' });
    expect(snapshot.attachments.every((a) => a.volume?.startsWith('fx-'))).toBe(true);
  });

  it("narrows the node's attach record to the learner's volumes, by the controller's unique name", () => {
    expect(snapshot.nodes).toEqual([{ name: 'nslab-control-plane', attached: ['kubernetes.io/csi/csi.nslab.dev^fx-vol-1'], inUse: [] }]);
    expect(snapshot.volumes.find((v) => v.name === 'fx-data-pv')?.csi).toEqual({ driver: 'csi.nslab.dev', volumeHandle: 'fx-vol-1' });
  });
});

describe('k8s.volumeattachment', () => {
  it("passes for the controller's attachment, answered by an attacher, on the pod's node", () => {
    const v = attachment({
      claim: 'data',
      madeBy: 'attach-detach-controller',
      attacher: 'csi.nslab.dev',
      sameNodeAs: 'app',
      attached: true,
      finalizer: 'external-attacher/csi-nslab-dev',
      deleting: false,
      nodeReports: true,
    });
    expect(v).toMatchObject({ pass: true });
  });

  it('fails an attachment made by hand, and says who made it', () => {
    const v = attachment({ claim: 'hand', madeBy: 'attach-detach-controller' });
    expect(v.pass).toBe(false);
    expect(v.expected).toContain('its spec written by the attach/detach controller (field manager kube-controller-manager)');
    expect(v.found).toContain('fx-by-hand: attacher csi.nslab.dev, node nslab-control-plane, volume fx-hand-pv, attached false, made by kubectl-client-side-apply');
    expect(attachment({ claim: 'hand', madeBy: 'other' }).pass).toBe(true);
  });

  it("reads the node's record apart from status.attached", () => {
    expect(attachment({ claim: 'hand', nodeReports: false }).pass).toBe(true);
    const v = attachment({ claim: 'hand', nodeReports: true });
    expect(v.found).toContain("not listed in node nslab-control-plane's status.volumesAttached");
  });

  it('says why there is none: no volume, not CSI, or nothing asked yet', () => {
    expect(attachment({ claim: 'nothing' })).toMatchObject({ pass: false, found: 'claim nothing has no volume yet' });
    expect(attachment({ claim: 'nothing', present: false })).toMatchObject({ pass: true, found: 'there is none' });
    expect(attachment({ claim: 'data', present: false }).found).toMatch(/^there is csi-/);
  });
});
