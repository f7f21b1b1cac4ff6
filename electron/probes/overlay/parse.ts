// Pure: an overlay mount from a mount table, and the overlay listing (see
// script.ts) -> what each upper dir entry does to the merged view.
import type {
  MountTable,
  OverlayEntry,
  OverlayEntryState,
  OverlayMount,
  OverlaySnapshot,
} from '../../shared/mount-snapshot';
import { mountAt, parseOverlayOptions } from '../mounts/parse';

/** The overlay visible at `mountPoint`, or undefined when what is mounted there (if anything) is not an overlay. */
export function overlayMountOf(table: MountTable, mountPoint: string): OverlayMount | undefined {
  const mount = mountAt(table, mountPoint);
  if (mount?.fsType !== 'overlay') return undefined;
  return { mntNs: table.mntNs, mountPoint, ...parseOverlayOptions(mount.superOptions) };
}

type Kind = OverlayEntry['kind'];
interface Listed {
  path: string;
  kind: Kind;
  whiteout: boolean;
}

const LISTED = /^([^|]+)\|([0-9a-f]+):([0-9a-f]+)\|\.\/(.+)$/;

export function parseOverlayListing(mount: OverlayMount, output: string, takenAt = new Date().toISOString()): OverlaySnapshot {
  // Topmost lower dir first: the first kind listed for a path is the one the merged view showed.
  const lower = new Map<string, Kind>();
  const upper: Listed[] = [];
  const opaque = new Set<string>();
  const origin = new Set<string>();
  let xattrsRead = false;
  for (const line of output.split('\n')) {
    const tag = line.slice(0, 2);
    const rest = line.slice(2);
    if (line === 'X') xattrsRead = true;
    if (tag === 'O ' && rest.startsWith('./')) opaque.add(rest.slice(2));
    if (tag === 'R ' && rest.startsWith('./')) origin.add(rest.slice(2));
    const listed = tag === 'L ' || tag === 'U ' ? parseListed(rest) : undefined;
    if (!listed) continue;
    if (tag === 'U ') upper.push(listed);
    else if (!lower.has(listed.path)) lower.set(listed.path, listed.kind);
  }

  // Below an opaque dir the lower dirs are not looked at, so nothing there is a copy of them.
  const underOpaque = (path: string) => [...opaque].some((dir) => path.startsWith(`${dir}/`));
  const entries = upper.map(({ path, kind, whiteout }): OverlayEntry => {
    if (whiteout) return { path, state: 'whiteout', kind: lower.get(path) ?? 'other' };
    let state: OverlayEntryState = 'new';
    if (kind === 'dir' && opaque.has(path)) state = 'opaque-dir';
    // A copy-up records its origin; without xattrs to read, every shadowing entry passes for one.
    else if (lower.has(path) && !underOpaque(path)) state = !xattrsRead || origin.has(path) ? 'copied-up' : 'replaced';
    return { path, state, kind };
  });
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { takenAt, mount, entries };
}

/** "character special file|0:0|./gone" -> a whiteout named "gone" (stat prints major and minor in hex). */
function parseListed(text: string): Listed | undefined {
  const m = LISTED.exec(text);
  if (!m) return undefined;
  const type = m[1]!;
  const kind: Kind = type === 'directory' ? 'dir' : type.startsWith('regular') ? 'file' : 'other';
  const whiteout = type === 'character special file' && parseInt(m[2]!, 16) === 0 && parseInt(m[3]!, 16) === 0;
  return { path: m[4]!, kind, whiteout };
}
