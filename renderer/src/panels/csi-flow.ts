// Pure: what the CSI panel draws for each of the learner's CSI volumes — the
// volume's life as CSI calls (CreateVolume → ControllerPublishVolume →
// NodeStageVolume → NodePublishVolume, and back), each from the driver's call
// log when the app can read it, else from what the cluster's objects prove
// (a PV the driver provisioned, a VolumeAttachment its attacher answered); the
// VolumeAttachment itself; the node-wide staging mount beside each pod's
// publish mount; and what the resizer and the snapshotter asked of it.
import type { CsiCall, CsiSnapshot } from '../../../electron/shared/csi-call';
import type { StorageSnapshot, VolumeAttachmentInfo, VolumeInfo } from '../../../electron/shared/storage-snapshot';

/** retried: refused ABORTED (another call for the volume was running) — the caller retries, so a pending retry, not a failure. */
export type StageState = 'done' | 'failed' | 'retried' | 'asked' | 'not-yet';

export interface CsiStage {
  method: string;
  state: StageState;
  /** the driver's own line for it, when the log was read */
  call?: CsiCall;
  /** where the state was read when no call says it */
  evidence?: string;
}

export interface CsiVolumeFlow {
  volume: VolumeInfo & { csi: { driver: string; volumeHandle: string } };
  attachment?: VolumeAttachmentInfo;
  /** the node's status.volumesAttached lists it: the attach/detach controller's own record */
  nodeListed: boolean;
  setup: CsiStage[];
  teardown: CsiStage[];
  /** NodeStageVolume's target while staged: one per node */
  stagingPath?: string;
  /** NodePublishVolume's targets while published: one per pod */
  publishPaths: string[];
  resize: VolumeResize;
}

/** What the resizer and the snapshotter asked of a volume, from the driver's log. */
export interface VolumeResize {
  /** the newest ControllerExpandVolume answered: the size the driver now gives it */
  controllerBytes?: number;
  /** the newest NodeExpandVolume answered on a node (a kubelet, for a pod that mounts it) */
  nodeBytes?: number;
  /** the snapshots the driver took of it (CreateSnapshot), oldest first */
  snapshots: string[];
  /** the snapshot its CreateVolume restored */
  restoredFrom?: string;
}

const SETUP = ['CreateVolume', 'ControllerPublishVolume', 'NodeStageVolume', 'NodePublishVolume'] as const;
const TEARDOWN = ['NodeUnpublishVolume', 'NodeUnstageVolume', 'ControllerUnpublishVolume', 'DeleteVolume'] as const;

/** The newest call of `method` for this volume. */
const latest = (calls: CsiCall[], method: string) => calls.filter((c) => c.method === method).at(-1);

function stageOf(method: string, calls: CsiCall[], inferred: Omit<CsiStage, 'method'> | undefined): CsiStage {
  const call = latest(calls, method);
  if (call) return { method, state: call.code === 'OK' ? 'done' : call.code === 'ABORTED' ? 'retried' : 'failed', call };
  return { method, ...(inferred ?? { state: 'not-yet' }) };
}

/** What the objects prove when the driver's log is not at hand (or says nothing yet). */
function inferred(volume: CsiVolumeFlow['volume'], attachment: VolumeAttachmentInfo | undefined, method: string): Omit<CsiStage, 'method'> | undefined {
  switch (method) {
    case 'CreateVolume':
      return volume.provisionedBy === volume.csi.driver ? { state: 'done', evidence: `the PV says provisioned-by ${volume.provisionedBy}` } : undefined;
    case 'ControllerPublishVolume':
      if (!attachment) return undefined;
      return attachment.attached
        ? { state: 'done', evidence: 'the VolumeAttachment says attached: true (the attacher answered)' }
        : { state: 'asked', evidence: `VolumeAttachment ${attachment.name} waits for the attacher` };
    case 'ControllerUnpublishVolume':
      return attachment?.deleting ? { state: 'asked', evidence: 'the VolumeAttachment is being deleted: detach asked, held by a finalizer' } : undefined;
    default:
      return undefined;
  }
}

/** Targets published and not since unpublished, in the order they were published. */
function openTargets(calls: CsiCall[], open: string, close: string, path: (c: CsiCall) => string | undefined): string[] {
  const targets: string[] = [];
  for (const c of calls.filter((x) => x.code === 'OK')) {
    const p = path(c);
    if (p === undefined) continue;
    if (c.method === open && !targets.includes(p)) targets.push(p);
    const closed = c.method === close ? targets.indexOf(p) : -1;
    if (closed >= 0) targets.splice(closed, 1);
  }
  return targets;
}

const answered = (calls: CsiCall[], method: string) => calls.filter((c) => c.method === method && c.code === 'OK');

function resizeOf(calls: CsiCall[]): VolumeResize {
  const [controller, node] = [answered(calls, 'ControllerExpandVolume').at(-1), answered(calls, 'NodeExpandVolume').at(-1)];
  const restoredFrom = answered(calls, 'CreateVolume').at(-1)?.snapshotId;
  return {
    ...(controller?.capacityBytes !== undefined ? { controllerBytes: controller.capacityBytes } : {}),
    ...(node?.capacityBytes !== undefined ? { nodeBytes: node.capacityBytes } : {}),
    snapshots: [...new Set(answered(calls, 'CreateSnapshot').flatMap((c) => (c.snapshotId ? [c.snapshotId] : [])))],
    ...(restoredFrom ? { restoredFrom } : {}),
  };
}

export function csiFlows(storage: StorageSnapshot, csi: CsiSnapshot | undefined): CsiVolumeFlow[] {
  const unique = (v: { csi: { driver: string; volumeHandle: string } }) => `kubernetes.io/csi/${v.csi.driver}^${v.csi.volumeHandle}`;
  return storage.volumes.flatMap((v): CsiVolumeFlow[] => {
    if (!v.csi) return [];
    const volume = { ...v, csi: v.csi };
    const calls = (csi?.calls ?? []).filter((c) => c.volumeId === volume.csi.volumeHandle);
    const attachment = storage.attachments.find((a) => a.volume === v.name);
    const staged = openTargets(calls, 'NodeStageVolume', 'NodeUnstageVolume', (c) => c.stagingPath);
    return [
      {
        volume,
        ...(attachment ? { attachment } : {}),
        nodeListed: storage.nodes.some((n) => n.attached.includes(unique(volume))),
        setup: SETUP.map((m) => stageOf(m, calls, inferred(volume, attachment, m))),
        teardown: TEARDOWN.map((m) => stageOf(m, calls, inferred(volume, attachment, m))),
        ...(staged.length ? { stagingPath: staged.at(-1)! } : {}),
        publishPaths: openTargets(calls, 'NodePublishVolume', 'NodeUnpublishVolume', (c) => c.targetPath),
        resize: resizeOf(calls),
      },
    ];
  });
}

/**
 * The newest calls about the learner's volumes (or about none: Identity,
 * registration, capabilities), newest first, for the panel's running list.
 */
export function recentCalls(storage: StorageSnapshot, csi: CsiSnapshot | undefined, count = 12): CsiCall[] {
  const handles = new Set(storage.volumes.flatMap((v) => (v.csi ? [v.csi.volumeHandle] : [])));
  return (csi?.calls ?? [])
    .filter((c) => c.volumeId === undefined || handles.has(c.volumeId))
    .slice(-count)
    .reverse();
}

/** One key per part of a volume's card, and a fingerprint of it, for the change flash. */
export function csiFingerprints(flows: CsiVolumeFlow[]): Map<string, string> {
  const prints = new Map<string, string>();
  for (const f of flows) {
    prints.set(`setup:${f.volume.name}`, JSON.stringify(f.setup.map((s) => [s.state, s.call?.at])));
    prints.set(`teardown:${f.volume.name}`, JSON.stringify(f.teardown.map((s) => [s.state, s.call?.at])));
    prints.set(`va:${f.volume.name}`, JSON.stringify([f.attachment, f.nodeListed]));
    prints.set(`mounts:${f.volume.name}`, JSON.stringify([f.stagingPath, f.publishPaths]));
    prints.set(`resize:${f.volume.name}`, JSON.stringify(f.resize));
  }
  return prints;
}
