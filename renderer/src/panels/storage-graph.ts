// Pure: the binding graph of a storage snapshot laid out as chains, one per
// claim — Pods → PVC → PV → StorageClass — plus the volumes and classes no
// claim reaches (an Available PV waiting, a Released one kept by Retain).
import type { ClaimInfo, PodInfo, StorageClassInfo, StorageSnapshot, VolumeInfo } from '../../../electron/shared/storage-snapshot';

export interface Chain {
  claim: ClaimInfo;
  pods: PodInfo[];
  volume?: VolumeInfo;
  storageClass?: StorageClassInfo;
  /** why a Pending claim waits, in words, from its class and its events */
  waiting?: string;
}

export interface StorageGraph {
  chains: Chain[];
  /** volumes no claim of the namespace is bound to */
  looseVolumes: (VolumeInfo & { storageClassInfo?: StorageClassInfo })[];
  /** classes nothing above uses */
  looseClasses: StorageClassInfo[];
}

function waitingReason(claim: ClaimInfo, storageClass: StorageClassInfo | undefined, pods: PodInfo[]): string | undefined {
  if (claim.phase !== 'Pending') return undefined;
  const last = claim.events.at(-1);
  if (storageClass?.bindingMode === 'WaitForFirstConsumer' && pods.length === 0) {
    return 'WaitForFirstConsumer: no pod uses this claim yet, so no node is chosen and nothing is provisioned.';
  }
  if (last) return `${last.reason}: ${last.message}`;
  if (claim.storageClass === '') return 'No StorageClass: only a matching PV made by hand can bind it.';
  return undefined;
}

export function storageGraph(snapshot: StorageSnapshot): StorageGraph {
  const classOf = (name: string | undefined) => snapshot.classes.find((c) => c.name === name);
  const claimKey = (claim: ClaimInfo) => `${snapshot.namespace}/${claim.name}`;
  const chains = snapshot.claims.map((claim): Chain => {
    const pods = snapshot.pods.filter((p) => p.claims.includes(claim.name));
    const volume = snapshot.volumes.find((v) => v.name === claim.volumeName && v.claim === claimKey(claim));
    const storageClass = classOf(claim.storageClass ?? volume?.storageClass);
    const waiting = waitingReason(claim, storageClass, pods);
    return { claim, pods, ...(volume ? { volume } : {}), ...(storageClass ? { storageClass } : {}), ...(waiting ? { waiting } : {}) };
  });
  const reached = new Set(chains.flatMap((c) => (c.volume ? [c.volume.name] : [])));
  const looseVolumes = snapshot.volumes
    .filter((v) => !reached.has(v.name))
    .map((v) => {
      const storageClassInfo = classOf(v.storageClass);
      return storageClassInfo ? { ...v, storageClassInfo } : v;
    });
  const used = new Set([...chains.map((c) => c.storageClass?.name), ...looseVolumes.map((v) => v.storageClass)]);
  return { chains, looseVolumes, looseClasses: snapshot.classes.filter((c) => !used.has(c.name)) };
}

/** One key per object, and a fingerprint of what the panel shows of it, for the change flash. */
export function storageFingerprints(snapshot: StorageSnapshot): Map<string, string> {
  const prints = new Map<string, string>();
  for (const c of snapshot.claims) prints.set(`pvc:${c.name}`, JSON.stringify(c));
  for (const v of snapshot.volumes) prints.set(`pv:${v.name}`, JSON.stringify(v));
  for (const p of snapshot.pods) prints.set(`pod:${p.name}`, JSON.stringify([p.phase, p.node, p.deleting, p.claims]));
  for (const s of snapshot.classes) prints.set(`sc:${s.name}`, JSON.stringify(s));
  return prints;
}

/** The keys whose fingerprint differs (appeared, changed or went). */
export function changedKeys(previous: Map<string, string>, next: Map<string, string>): string[] {
  const keys = new Set([...previous.keys(), ...next.keys()]);
  return [...keys].filter((k) => previous.get(k) !== next.get(k));
}
