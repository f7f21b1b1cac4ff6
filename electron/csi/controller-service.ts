// CSI Controller: what the external-provisioner (CreateVolume, DeleteVolume),
// the external-attacher (ControllerPublishVolume and its undo), the resizer
// (ControllerExpandVolume) and the snapshotter (CreateSnapshot, DeleteSnapshot,
// ListSnapshots) call. It runs once per cluster; its "storage backend" is the
// VolumeStore's directories.
import { status } from '@grpc/grpc-js';
import { CsiError, required } from './csi-error';
import { snapshotOfContentSource, type CapacityRange, type ServiceHandlers } from './csi-types';
import { VolumeLocks } from './volume-locks';
import type { SnapshotRecord, VolumeStore } from './volume-store';

const GiB = 1024 ** 3;

function capacityOf(range: unknown): number {
  const r = (range ?? {}) as CapacityRange;
  const wanted = Number(r.required_bytes ?? 0) || Number(r.limit_bytes ?? 0);
  return wanted > 0 ? wanted : GiB;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** csi.proto's Snapshot: a copy is whole once made, so it is ready at once. */
function snapshotMessage(record: SnapshotRecord): object {
  return {
    snapshot_id: record.id,
    source_volume_id: record.sourceVolumeId,
    size_bytes: String(record.sizeBytes),
    creation_time: { seconds: String(Math.floor(Date.parse(record.createdAt) / 1000)), nanos: 0 },
    ready_to_use: true,
  };
}

export function controllerService(store: VolumeStore): ServiceHandlers {
  const locks = new VolumeLocks();
  const existing = async (volumeId: string) => {
    const volume = await store.volume(volumeId);
    if (!volume) throw new CsiError(status.NOT_FOUND, `volume ${volumeId} does not exist`);
    return volume;
  };
  return {
    ControllerGetCapabilities: async () => ({
      capabilities: ['CREATE_DELETE_VOLUME', 'PUBLISH_UNPUBLISH_VOLUME', 'EXPAND_VOLUME', 'CREATE_DELETE_SNAPSHOT', 'LIST_SNAPSHOTS'].map((type) => ({ rpc: { type } })),
    }),

    // The volume's id is the name the provisioner asked for (pvc-<uid>): the
    // PV, the volume handle and the directory on the node share one name.
    CreateVolume: async (req) => {
      const name = required(str(req.name), 'name');
      const capacityBytes = capacityOf(req.capacity_range);
      const fromSnapshot = snapshotOfContentSource(req.volume_content_source);
      if (fromSnapshot && !(await store.snapshot(fromSnapshot))) throw new CsiError(status.NOT_FOUND, `snapshot ${fromSnapshot} does not exist`);
      const record = await locks.hold(name, async () => {
        const found = await store.volume(name);
        if (found && found.capacityBytes !== capacityBytes) {
          throw new CsiError(status.ALREADY_EXISTS, `volume ${name} exists with ${found.capacityBytes} bytes, not ${capacityBytes}`);
        }
        const made = found ?? { id: name, name, capacityBytes, ...(fromSnapshot ? { fromSnapshot } : {}) };
        if (!found) await store.createVolume(made);
        return made;
      });
      return {
        volume: {
          volume_id: record.id,
          capacity_bytes: String(record.capacityBytes),
          volume_context: { 'nslab.dev/dir': store.dataDir(record.id) },
          ...(record.fromSnapshot ? { content_source: { snapshot: { snapshot_id: record.fromSnapshot } } } : {}),
        },
      };
    },

    DeleteVolume: async (req) => {
      const id = required(str(req.volume_id), 'volume_id');
      return locks.hold(id, async () => {
        const nodes = await store.attachedNodes(id);
        // The spec's FAILED_PRECONDITION: still published somewhere, the CO must unpublish first.
        if (nodes.length) throw new CsiError(status.FAILED_PRECONDITION, `volume ${id} is still attached to ${nodes.join(', ')}`);
        await store.deleteVolume(id);
        return {};
      });
    },

    ValidateVolumeCapabilities: async (req) => {
      await existing(required(str(req.volume_id), 'volume_id'));
      return { confirmed: { volume_capabilities: req.volume_capabilities ?? [] } };
    },

    ControllerPublishVolume: async (req) => {
      const id = required(str(req.volume_id), 'volume_id');
      const node = required(str(req.node_id), 'node_id');
      return locks.hold(id, async () => {
        await existing(id);
        await store.attach(id, node);
        // What the node half gets back through the VolumeAttachment's status.
        return { publish_context: { 'nslab.dev/attached-to': node } };
      });
    },

    ControllerUnpublishVolume: async (req) => {
      const id = required(str(req.volume_id), 'volume_id');
      const node = str(req.node_id);
      return locks.hold(id, async () => {
        for (const n of node ? [node] : await store.attachedNodes(id)) await store.detach(id, n);
        return {};
      });
    },

    ControllerExpandVolume: async (req) => {
      const id = required(str(req.volume_id), 'volume_id');
      const grown = await locks.hold(id, () => store.resizeVolume(id, capacityOf(req.capacity_range)));
      if (!grown) throw new CsiError(status.NOT_FOUND, `volume ${id} does not exist`);
      // The node is asked too (NodeExpandVolume), as it would be to grow a filesystem.
      return { capacity_bytes: String(grown.capacityBytes), node_expansion_required: true };
    },

    CreateSnapshot: async (req) => {
      const name = required(str(req.name), 'name');
      const source = required(str(req.source_volume_id), 'source_volume_id');
      const volume = await existing(source);
      const id = `snap-${name.replace(/^snapshot-/, '')}`;
      const found = await store.snapshot(id);
      if (found && found.sourceVolumeId !== source) throw new CsiError(status.ALREADY_EXISTS, `snapshot ${name} exists for volume ${found.sourceVolumeId}`);
      const record = found ?? { id, name, sourceVolumeId: source, sizeBytes: volume.capacityBytes, createdAt: new Date().toISOString() };
      if (!found) await store.createSnapshot(record);
      return { snapshot: snapshotMessage(record) };
    },

    // What the snapshotter asks to check a snapshot it did not take (a
    // pre-provisioned VolumeSnapshotContent names only a snapshot_id). One page:
    // a teaching cluster holds few snapshots, so no token is ever handed out.
    ListSnapshots: async (req) => {
      const [id, source] = [str(req.snapshot_id), str(req.source_volume_id)];
      const found = (await store.snapshots()).filter((s) => (!id || s.id === id) && (!source || s.sourceVolumeId === source));
      return { entries: found.map((s) => ({ snapshot: snapshotMessage(s) })) };
    },

    DeleteSnapshot: async (req) => {
      await store.deleteSnapshot(required(str(req.snapshot_id), 'snapshot_id'));
      return {};
    },
  };
}
