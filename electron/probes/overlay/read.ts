// I/O half of the overlay probe: find the overlay in the pid's mount table, then
// list its dirs from the box and parse.
import type { LabEnvironment } from '../../engine/environment';
import type { OverlaySnapshot } from '../../shared/mount-snapshot';
import { readMounts } from '../mounts/read';
import { overlayMountOf, parseOverlayListing } from './parse';
import { OVERLAY_LISTING_SCRIPT } from './script';

/**
 * The upper dir of the overlay that `pid` sees at `mountPoint`, each entry
 * classified against the lower dirs; undefined while no overlay is mounted there.
 */
export async function readOverlay(env: LabEnvironment, pid: number, mountPoint: string): Promise<OverlaySnapshot | undefined> {
  const [table] = (await readMounts(env, [pid])).tables;
  if (!table) throw new Error(`overlay probe: process ${pid} is gone`);
  const mount = overlayMountOf(table, mountPoint);
  if (!mount) return undefined;
  const result = await env.exec(OVERLAY_LISTING_SCRIPT, {
    timeoutMs: 10_000,
    env: [
      `NSLAB_PID=${pid}`,
      `NSLAB_UPPER=${mount.upperDir ?? ''}`,
      `NSLAB_LOWER_COUNT=${mount.lowerDirs.length}`,
      ...mount.lowerDirs.map((dir, i) => `NSLAB_LOWER_${i + 1}=${dir}`),
    ],
  });
  if (result.exitCode !== 0) {
    throw new Error(`overlay probe failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
  return parseOverlayListing(mount, result.stdout);
}
