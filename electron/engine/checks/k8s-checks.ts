// Pure: checks over the storage snapshot of a learner's namespace. Names of
// cluster-scoped objects are written in labs without the learner's prefix.
import type { Check } from '../../shared/lab';
import type { StorageSnapshot } from '../../shared/storage-snapshot';
import type { Verdict } from './namespace-checks';

type CheckOf<K extends Check['check']> = Extract<Check, { check: K }>;

export function k8sClaim(check: CheckOf<'k8s.pvc'>, snapshot: StorageSnapshot, prefix: string): Verdict {
  const wants = [
    check.phase && `phase ${check.phase}`,
    check.volumeName && `bound to volume ${prefix}${check.volumeName}`,
    check.storageClass && `of StorageClass ${check.storageClass}`,
    check.selectedNode !== undefined && (check.selectedNode ? 'a selected node' : 'no selected node yet'),
    check.event && `an event ${check.event}`,
  ].filter(Boolean);
  const expected = `claim ${check.name} with ${wants.join(', ') || 'any state'}`;
  const claim = snapshot.claims.find((c) => c.name === check.name);
  if (!claim) return { pass: false, expected, found: `there is no claim ${check.name} in ${snapshot.namespace}` };
  const pass =
    (check.phase === undefined || claim.phase === check.phase) &&
    (check.volumeName === undefined || claim.volumeName === `${prefix}${check.volumeName}`) &&
    (check.storageClass === undefined || claim.storageClass === check.storageClass) &&
    (check.selectedNode === undefined || (claim.selectedNode !== undefined) === check.selectedNode) &&
    (check.event === undefined || claim.events.some((e) => e.reason === check.event));
  const lastEvent = claim.events[claim.events.length - 1];
  const found = [
    `it is ${claim.phase}`,
    claim.volumeName ? `bound to ${claim.volumeName}` : 'bound to no volume',
    `class ${claim.storageClass ?? '(none)'}`,
    claim.selectedNode ? `selected node ${claim.selectedNode}` : undefined,
    lastEvent ? `last event ${lastEvent.reason}: ${lastEvent.message}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return { pass, expected, found };
}

export function k8sVolume(check: CheckOf<'k8s.pv'>, snapshot: StorageSnapshot, prefix: string): Verdict {
  const which = check.name ? `volume ${prefix}${check.name}` : `the volume of claim ${check.claim}`;
  const wants = [check.phase && `phase ${check.phase}`, check.reclaimPolicy && `reclaim policy ${check.reclaimPolicy}`].filter(Boolean);
  const expected = check.present ? `${which}${wants.length ? ` with ${wants.join(', ')}` : ''}` : `${which} to be gone`;
  const volume = snapshot.volumes.find((v) =>
    check.name ? v.name === `${prefix}${check.name}` : v.claim === `${snapshot.namespace}/${check.claim}`,
  );
  if (!check.present) return { pass: !volume, expected, found: volume ? `${volume.name} is still there, ${volume.phase}` : 'it is gone' };
  if (!volume) return { pass: false, expected, found: 'there is no such volume' };
  const pass = (check.phase === undefined || volume.phase === check.phase) && (check.reclaimPolicy === undefined || volume.reclaimPolicy === check.reclaimPolicy);
  return { pass, expected, found: `${volume.name} is ${volume.phase}, claim ${volume.claim ?? '(none)'}, reclaim policy ${volume.reclaimPolicy}` };
}

export function k8sPods(check: CheckOf<'k8s.pods'>, snapshot: StorageSnapshot): Verdict {
  const selector = Object.entries(check.labels).map(([k, v]) => `${k}=${v}`).join(',');
  const expected = `${check.count} pod(s) labelled ${selector}${check.phase ? ` in phase ${check.phase}` : ''}${check.ownerKind ? ` owned by a ${check.ownerKind}` : ''}`;
  const matching = snapshot.pods.filter(
    (p) =>
      !p.deleting &&
      Object.entries(check.labels).every(([k, v]) => p.labels[k] === v) &&
      (check.phase === undefined || p.phase === check.phase) &&
      (check.ownerKind === undefined || p.owners.some((o) => o.controller && o.kind === check.ownerKind)),
  );
  const describe = (p: (typeof matching)[number]) => `${p.name} (${p.phase}${p.owners[0] ? `, owner ${p.owners[0].kind}/${p.owners[0].name}` : ', no owner'})`;
  // When none fits, say what is there instead: the near misses teach the most.
  const labelled = snapshot.pods.filter((p) => !p.deleting && Object.entries(check.labels).every(([k, v]) => p.labels[k] === v));
  const shown = (matching.length ? matching : labelled).slice(0, 5).map(describe);
  const found = matching.length
    ? `${matching.length}: ${shown.join(', ')}`
    : labelled.length
      ? `none that fits; there are ${labelled.length} labelled ${selector}: ${shown.join(', ')}`
      : `no pod labelled ${selector}`;
  return { pass: matching.length === check.count, expected, found };
}
