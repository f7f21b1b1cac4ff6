// I/O half of the overlay probe: find the overlay in a mount table, then have the
// probe agent list its dirs as the table's process sees them, and parse.
import type { BoxState } from '../../engine/environment';
import type { MountTable, OverlaySnapshot } from '../../shared/mount-snapshot';
import { overlayMountOf, parseOverlayListing } from './parse';

/**
 * The upper dir of the overlay mounted at `mountPoint` in `table`'s mount
 * namespace, each entry classified against the lower dirs; undefined while no
 * overlay is mounted there. The dirs are resolved under /proc/<pid>/root of the
 * table's process, so an overlay mounted inside another mount namespace (or a
 * chroot) is read from where it was mounted.
 */
export async function readOverlay(state: BoxState, table: MountTable, mountPoint: string): Promise<OverlaySnapshot | undefined> {
  const mount = overlayMountOf(table, mountPoint);
  if (!mount) return undefined;
  return parseOverlayListing(mount, await state.listOverlay(table.pid, mount.upperDir, mount.lowerDirs));
}
