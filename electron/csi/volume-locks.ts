// One CSI call per volume at a time, as the spec asks of a plugin that cannot
// run two at once: the second is answered ABORTED ("an operation is pending
// for this volume") and the caller retries it later. The kubelet and the
// sidecars send one call per volume at a time, but a call they gave up on (its
// deadline passed on a busy node) still runs here, and its retry, or the next
// call, arrives beside it: a NodeStageVolume that came while a timed-out
// NodeUnstageVolume was still unmounting found the old mount, answered
// "staged", and then lost it to the unmount, so every NodePublishVolume after
// it was refused as "not staged".
import { status } from '@grpc/grpc-js';
import { CsiError } from './csi-error';

export class VolumeLocks {
  private readonly held = new Set<string>();

  async hold<T>(volumeId: string, call: () => Promise<T>): Promise<T> {
    if (this.held.has(volumeId)) throw new CsiError(status.ABORTED, `an operation on volume ${volumeId} is still in progress: try again once it ends`);
    this.held.add(volumeId);
    try {
      return await call();
    } finally {
      this.held.delete(volumeId);
    }
  }
}
