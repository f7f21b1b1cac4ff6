// Pure: checks over the storage snapshot of a learner's namespace. Names of
// cluster-scoped objects are written in labs without the learner's prefix.
import type { Check } from '../../shared/lab';
import type { ClaimInfo, PodInfo, StorageSnapshot, VolumeInfo } from '../../shared/storage-snapshot';
import type { Verdict } from './namespace-checks';

type CheckOf<K extends Check['check']> = Extract<Check, { check: K }>;

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function k8sClaim(check: CheckOf<'k8s.pvc'>, snapshot: StorageSnapshot, prefix: string): Verdict {
  const claim = snapshot.claims.find((c) => c.name === check.name);
  if (!check.present) {
    return { pass: !claim, expected: `no claim ${check.name}`, found: claim ? `there is one: ${describeClaim(claim)}` : 'there is none' };
  }
  const wants = [
    check.phase && `phase ${check.phase}`,
    check.volumeName && `bound to volume ${prefix}${check.volumeName}`,
    check.storageClass && `of StorageClass ${check.storageClass}`,
    check.accessModes && `access modes ${check.accessModes.join(', ')}`,
    check.selectedNode !== undefined && (check.selectedNode ? 'a selected node' : 'no selected node yet'),
    check.deleting !== undefined && (check.deleting ? 'its deletion held back by finalizers' : 'no deletion pending'),
    check.event && `an event ${check.event}${check.eventMessage ? ` saying "${check.eventMessage}"` : ''}`,
    check.boundBy && BOUND_BY[check.boundBy],
    check.storageClassFrom && CLASS_FROM[check.storageClassFrom],
  ].filter(Boolean);
  const expected = `claim ${check.name} with ${wants.join(', ') || 'any state'}`;
  if (!claim) return { pass: false, expected, found: `there is no claim ${check.name} in ${snapshot.namespace}` };
  const pass =
    (check.phase === undefined || claim.phase === check.phase) &&
    (check.volumeName === undefined || claim.volumeName === `${prefix}${check.volumeName}`) &&
    (check.storageClass === undefined || claim.storageClass === check.storageClass) &&
    (check.accessModes === undefined || sameSet(claim.accessModes, check.accessModes)) &&
    (check.selectedNode === undefined || (claim.selectedNode !== undefined) === check.selectedNode) &&
    (check.boundBy === undefined || (claim.boundByController ? 'controller' : 'claim') === check.boundBy) &&
    (check.storageClassFrom === undefined || (claim.storageClassWritten ? 'claim' : 'default') === check.storageClassFrom) &&
    (check.deleting === undefined || (claim.deleting ?? false) === check.deleting) &&
    (check.event === undefined || claim.events.some((e) => e.reason === check.event && e.message.includes(check.eventMessage ?? '')));
  return { pass, expected, found: describeClaim(claim, check.event, check) };
}

// What each comparison looked for, in the words a learner can look up with kubectl.
const BOUND_BY = {
  controller: 'its volume chosen by the PV controller (annotation pv.kubernetes.io/bound-by-controller: "yes")',
  claim: 'its volume named by the claim itself (spec.volumeName, no pv.kubernetes.io/bound-by-controller)',
} as const;
const CLASS_FROM = {
  default: 'its class filled in by the default StorageClass (spec.storageClassName left out of the manifest)',
  claim: 'its class written in the manifest (spec.storageClassName)',
} as const;

/**
 * The claim's state. The event shown is the newest of the reason asked about,
 * else the newest warning (why a claim is stuck), else the newest.
 */
function describeClaim(claim: ClaimInfo, reason?: string, asked: Pick<CheckOf<'k8s.pvc'>, 'boundBy' | 'storageClassFrom'> = {}): string {
  const newestFirst = [...claim.events].reverse();
  const event = newestFirst.find((e) => e.reason === reason) ?? newestFirst.find((e) => e.type === 'Warning') ?? newestFirst[0];
  return [
    `it is ${claim.phase}`,
    claim.volumeName ? `bound to ${claim.volumeName}` : 'bound to no volume',
    `class ${claim.storageClass || '(none)'}`,
    `access modes ${claim.accessModes.join(', ') || '(none)'}`,
    claim.selectedNode ? `selected node ${claim.selectedNode}` : undefined,
    asked.boundBy && claim.volumeName
      ? claim.boundByController
        ? 'the PV controller chose its volume (bound-by-controller)'
        : 'the claim named its volume itself in spec.volumeName (no bound-by-controller annotation)'
      : undefined,
    asked.storageClassFrom
      ? claim.storageClassWritten
        ? 'its manifest wrote spec.storageClassName (a field manager owns it)'
        : 'its class was filled in by the default StorageClass'
      : undefined,
    claim.deleting ? `being deleted, held by finalizers ${(claim.finalizers ?? []).join(', ') || '(none)'}` : undefined,
    event ? `${event.type === 'Warning' ? 'warning' : 'event'} ${event.reason}: ${event.message}` : 'no events',
  ]
    .filter(Boolean)
    .join(', ');
}

/** The volume a claim names, else one whose claimRef still names the claim (Released). */
export function volumeOfClaim(snapshot: StorageSnapshot, claimName: string): VolumeInfo | undefined {
  const named = snapshot.claims.find((c) => c.name === claimName)?.volumeName;
  return (
    snapshot.volumes.find((v) => named !== undefined && v.name === named) ??
    snapshot.volumes.find((v) => v.claim === `${snapshot.namespace}/${claimName}`)
  );
}

export function k8sVolume(check: CheckOf<'k8s.pv'>, snapshot: StorageSnapshot, prefix: string): Verdict {
  const which = check.name ? `volume ${prefix}${check.name}` : `the volume of claim ${check.claim}`;
  const pod = check.sameNodeAs === undefined ? undefined : snapshot.pods.find((p) => p.name === check.sameNodeAs && !p.deleting);
  const wants = [
    check.phase && `phase ${check.phase}`,
    check.reclaimPolicy && `reclaim policy ${check.reclaimPolicy}`,
    check.provisionedBy && `provisioned by ${check.provisionedBy}`,
    check.sameNodeAs && `pinned to the node pod ${check.sameNodeAs} runs on`,
  ].filter(Boolean);
  const expected = check.present
    ? `${which}${wants.length ? ` with ${wants.join(', ')}` : ''}`
    : `no ${check.name ? `volume ${prefix}${check.name}` : `volume of claim ${check.claim}`}`;
  const volume = check.name ? snapshot.volumes.find((v) => v.name === `${prefix}${check.name}`) : volumeOfClaim(snapshot, check.claim ?? '');
  if (!check.present) return { pass: !volume, expected, found: volume ? `there is ${volume.name}, ${volume.phase}` : 'there is none' };
  if (!volume) return { pass: false, expected, found: 'there is no such volume' };
  const pass =
    (check.phase === undefined || volume.phase === check.phase) &&
    (check.reclaimPolicy === undefined || volume.reclaimPolicy === check.reclaimPolicy) &&
    (check.provisionedBy === undefined || volume.provisionedBy === check.provisionedBy) &&
    (check.sameNodeAs === undefined || (pod?.node !== undefined && volume.nodeAffinityHosts.includes(pod.node)));
  const found = [
    `${volume.name} is ${volume.phase}`,
    `claim ${volume.claim ?? '(none)'}`,
    `reclaim policy ${volume.reclaimPolicy}`,
    check.provisionedBy !== undefined ? `provisioned by ${volume.provisionedBy ?? 'nobody (made by hand)'}` : undefined,
    check.sameNodeAs !== undefined ? `pinned to ${volume.nodeAffinityHosts.join(', ') || 'no node'}` : undefined,
    check.sameNodeAs !== undefined ? (pod ? `pod ${pod.name} runs on ${pod.node ?? 'no node yet'}` : `there is no pod ${check.sameNodeAs}`) : undefined,
  ];
  return { pass, expected, found: found.filter(Boolean).join(', ') };
}

export function k8sPods(check: CheckOf<'k8s.pods'>, snapshot: StorageSnapshot): Verdict {
  const labels = Object.entries(check.labels ?? {});
  const which = [check.name && `named ${check.name}`, labels.length && `labelled ${labels.map(([k, v]) => `${k}=${v}`).join(',')}`]
    .filter(Boolean)
    .join(' and ');
  const owner = check.ownerKind === 'none' ? ' owned by no controller' : check.ownerKind ? ` owned by a ${check.ownerKind}` : '';
  const notLabels = Object.entries(check.notLabels ?? {});
  const without = notLabels.length ? ` not labelled ${notLabels.map(([k, v]) => `${k}=${v}`).join(',')}` : '';
  const mounting = check.claim ? ` with a volume from claim ${check.claim} (volumes[].persistentVolumeClaim.claimName)` : '';
  const expected = `${check.count} pod(s) ${which}${check.phase ? ` in phase ${check.phase}` : ''}${owner}${without}${mounting}`;
  const selected = snapshot.pods.filter(
    (p) => !p.deleting && (check.name === undefined || p.name === check.name) && labels.every(([k, v]) => p.labels[k] === v),
  );
  const matching = selected.filter(
    (p) =>
      (check.phase === undefined || p.phase === check.phase) &&
      (check.ownerKind === undefined || (controllerOf(p)?.kind ?? 'none') === check.ownerKind) &&
      (notLabels.length === 0 || !notLabels.every(([k, v]) => p.labels[k] === v)) &&
      (check.claim === undefined || p.claims.includes(check.claim)),
  );
  // When none fits, say what is there instead: the near misses teach the most.
  const shown = (matching.length ? matching : selected).slice(0, 5).map((p) => describePod(p, check.claim !== undefined, notLabels.map(([k]) => k)));
  const found = matching.length
    ? `${matching.length}: ${shown.join(', ')}`
    : selected.length
      ? `none that fits; there are ${selected.length} ${which}: ${shown.join(', ')}`
      : `no pod ${which}`;
  return { pass: matching.length === check.count, expected, found };
}

const controllerOf = (p: PodInfo) => p.owners.find((o) => o.controller);

/** The pod's phase and owner, and what else the check compared: its claims, the labels it must not carry. */
function describePod(p: PodInfo, showClaims: boolean, showLabels: string[]): string {
  const owner = controllerOf(p) ?? p.owners[0];
  const claims = showClaims ? `, ${p.claims.length ? `claims ${p.claims.join(', ')}` : 'no volume from any claim'}` : '';
  const labels = showLabels.map((k) => `, ${p.labels[k] === undefined ? `no label ${k}` : `${k}=${p.labels[k]}`}`).join('');
  return `${p.name} (${p.phase}${owner ? `, owner ${owner.kind}/${owner.name}` : ', no owner'}${claims}${labels})`;
}
