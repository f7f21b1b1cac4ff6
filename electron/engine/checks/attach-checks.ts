// Pure: the k8s.volumeattachment check over the storage snapshot. It finds
// the VolumeAttachment of a claim's volume and judges it by what only the
// real actors leave behind: who created it (the attach/detach controller's
// field manager), what the attacher reported (status.attached, its finalizer)
// and what the controller recorded on the node (status.volumesAttached).
import type { Check } from '../../shared/lab';
import type { StorageSnapshot, VolumeAttachmentInfo, VolumeInfo } from '../../shared/storage-snapshot';
import { csiUniqueName } from '../../probes/storage/parse';
import type { Verdict } from './namespace-checks';

type AttachmentCheck = Extract<Check, { check: 'k8s.volumeattachment' }>;

/** kube-controller-manager writes the attach/detach controller's VolumeAttachments under this field manager. */
export const ATTACH_DETACH_MANAGER = 'kube-controller-manager';

function volumeOfClaim(snapshot: StorageSnapshot, claim: string): VolumeInfo | undefined {
  const named = snapshot.claims.find((c) => c.name === claim)?.volumeName;
  return snapshot.volumes.find((v) => (named !== undefined && v.name === named) || v.claim === `${snapshot.namespace}/${claim}`);
}

function expectation(check: AttachmentCheck): string {
  if (!check.present) return `no VolumeAttachment for the volume of claim ${check.claim}`;
  const wants = [
    check.madeBy === 'attach-detach-controller' && 'its spec written by the attach/detach controller (field manager kube-controller-manager)',
    check.madeBy === 'other' && 'its spec written by someone other than the attach/detach controller',
    check.attacher && `attacher ${check.attacher}`,
    check.sameNodeAs && `the node pod ${check.sameNodeAs} runs on`,
    check.attached !== undefined && `status.attached ${check.attached}`,
    check.finalizer && `finalizer ${check.finalizer}`,
    check.deleting !== undefined && (check.deleting ? 'its deletion (the detach request) held back by a finalizer' : 'no deletion pending'),
    check.nodeReports !== undefined &&
      (check.nodeReports ? "the volume listed in the node's status.volumesAttached" : "the volume no longer listed in the node's status.volumesAttached"),
  ].filter(Boolean);
  return `a VolumeAttachment for the volume of claim ${check.claim}${wants.length ? ` with ${wants.join(', ')}` : ''}`;
}

function describe(a: VolumeAttachmentInfo, nodeListed: boolean): string {
  return [
    `${a.name}: attacher ${a.attacher}, node ${a.node}, volume ${a.volume ?? '(none)'}`,
    `attached ${a.attached}`,
    `made by ${a.madeBy ?? 'an unknown manager'}`,
    `finalizers ${a.finalizers.join(', ') || '(none)'}`,
    a.deleting ? 'being deleted' : undefined,
    a.attachError ? `attach error: ${a.attachError}` : undefined,
    a.detachError ? `detach error: ${a.detachError}` : undefined,
    `${nodeListed ? 'listed' : 'not listed'} in node ${a.node}'s status.volumesAttached`,
  ]
    .filter(Boolean)
    .join(', ');
}

export function k8sVolumeAttachment(check: AttachmentCheck, snapshot: StorageSnapshot): Verdict {
  const expected = expectation(check);
  const volume = volumeOfClaim(snapshot, check.claim);
  const attachments = volume ? snapshot.attachments.filter((a) => a.volume === volume.name) : [];
  const listedOn = (node: string) => {
    const record = snapshot.nodes.find((n) => n.name === node);
    return volume?.csi !== undefined && record !== undefined && record.attached.includes(csiUniqueName(volume.csi));
  };
  if (!check.present) {
    return {
      pass: attachments.length === 0,
      expected,
      found: attachments.length ? `there is ${attachments.map((a) => describe(a, listedOn(a.node))).join('; ')}` : 'there is none',
    };
  }
  if (!volume) return { pass: false, expected, found: `claim ${check.claim} has no volume yet` };
  if (!volume.csi) return { pass: false, expected, found: `volume ${volume.name} is not a CSI volume (no spec.csi): nothing attaches it` };
  if (!attachments.length) return { pass: false, expected, found: `there is no VolumeAttachment for volume ${volume.name}` };
  const pod = check.sameNodeAs === undefined ? undefined : snapshot.pods.find((p) => p.name === check.sameNodeAs && !p.deleting);
  const fits = (a: VolumeAttachmentInfo) =>
    (check.madeBy === undefined || (a.madeBy === ATTACH_DETACH_MANAGER) === (check.madeBy === 'attach-detach-controller')) &&
    (check.attacher === undefined || a.attacher === check.attacher) &&
    (check.sameNodeAs === undefined || (pod?.node !== undefined && a.node === pod.node)) &&
    (check.attached === undefined || a.attached === check.attached) &&
    (check.finalizer === undefined || a.finalizers.includes(check.finalizer)) &&
    (check.deleting === undefined || a.deleting === check.deleting) &&
    (check.nodeReports === undefined || listedOn(a.node) === check.nodeReports);
  const match = attachments.find(fits);
  const podNote = check.sameNodeAs !== undefined ? `; ${pod ? `pod ${pod.name} runs on ${pod.node ?? 'no node yet'}` : `there is no pod ${check.sameNodeAs}`}` : '';
  return {
    pass: match !== undefined,
    expected,
    found: `${(match ? [match] : attachments).map((a) => describe(a, listedOn(a.node))).join('; ')}${podNote}`,
  };
}
