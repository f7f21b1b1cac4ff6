// CSI Node: what the kubelet calls on the node a pod runs on. NodeStageVolume
// mounts the volume once per node at the staging path the kubelet chose (for
// CSI: /var/lib/kubelet/plugins/kubernetes.io/csi/<driver>/<sha256 of the
// handle>/globalmount); NodePublishVolume bind-mounts that staging mount into
// each pod's own target (/var/lib/kubelet/pods/<pod uid>/volumes/
// kubernetes.io~csi/<pv>/mount). Both bind mounts come from one directory, so
// the node's mountinfo shows them with the same root: the lesson.
import { status } from '@grpc/grpc-js';
import { mkdir, rmdir } from 'node:fs/promises';
import { bindMount, mountAt, unmount } from './bind-mount';
import { CsiError, required } from './csi-error';
import type { ServiceHandlers } from './csi-types';
import { VolumeLocks } from './volume-locks';
import type { VolumeStore } from './volume-store';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Unmounts every mount stacked at `path` (a retried call may have stacked two), then removes the directory when asked. */
async function unmountAll(path: string): Promise<void> {
  while (await mountAt(path)) await unmount(path);
}

export function nodeService(store: VolumeStore, nodeId: string): ServiceHandlers {
  const locks = new VolumeLocks();
  return {
    NodeGetInfo: async () => ({ node_id: nodeId, max_volumes_per_node: '0' }),
    NodeGetCapabilities: async () => ({
      capabilities: ['STAGE_UNSTAGE_VOLUME', 'EXPAND_VOLUME'].map((type) => ({ rpc: { type } })),
    }),

    NodeStageVolume: async (req) => {
      const id = required(str(req.volume_id), 'volume_id');
      const staging = required(str(req.staging_target_path), 'staging_target_path');
      return locks.hold(id, async () => {
        if (!(await store.volume(id))) throw new CsiError(status.NOT_FOUND, `volume ${id} does not exist on this node`);
        await mkdir(staging, { recursive: true });
        if (!(await mountAt(staging))) await bindMount(store.dataDir(id), staging);
        return {};
      });
    },

    NodeUnstageVolume: async (req) => {
      const id = required(str(req.volume_id), 'volume_id');
      const staging = required(str(req.staging_target_path), 'staging_target_path');
      return locks.hold(id, async () => {
        await unmountAll(staging);
        return {};
      });
    },

    NodePublishVolume: async (req) => {
      const id = required(str(req.volume_id), 'volume_id');
      const staging = required(str(req.staging_target_path), 'staging_target_path');
      const target = required(str(req.target_path), 'target_path');
      return locks.hold(id, async () => {
        // The spec's order: publish only what was staged (the kubelet stages first).
        if (!(await mountAt(staging))) throw new CsiError(status.FAILED_PRECONDITION, `${staging} is not staged: NodeStageVolume comes first`);
        await mkdir(target, { recursive: true });
        if (!(await mountAt(target))) await bindMount(staging, target, req.readonly === true);
        return {};
      });
    },

    NodeUnpublishVolume: async (req) => {
      const id = required(str(req.volume_id), 'volume_id');
      const target = required(str(req.target_path), 'target_path');
      return locks.hold(id, async () => {
        await unmountAll(target);
        // The kubelet expects the target gone once unpublished.
        await rmdir(target).catch((error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        });
        return {};
      });
    },

    // A directory has no filesystem to grow: the call is logged, the capacity stays the controller's.
    NodeExpandVolume: async (req) => {
      const id = required(str(req.volume_id), 'volume_id');
      const volume = await store.volume(id);
      if (!volume) throw new CsiError(status.NOT_FOUND, `volume ${id} does not exist on this node`);
      return { capacity_bytes: String(volume.capacityBytes) };
    },
  };
}
