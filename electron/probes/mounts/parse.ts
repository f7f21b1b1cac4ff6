// Pure: /proc/<pid>/mountinfo text (proc(5)) and the mounts probe output (see
// script.ts) -> typed mounts, peer groups and overlay options.
import type {
  Mount,
  MountSnapshot,
  MountTable,
  PeerGroup,
  PeerGroupMember,
  Propagation,
} from '../../shared/mount-snapshot';
import { parseNamespaceLink } from '../ns/parse';

/**
 * The kernel writes space, tab, newline and backslash in mountinfo fields as
 * `\ooo` octal (overlay options also escape `,` and `=`), so a line is always
 * one line and its fields always split on single spaces.
 */
export function decodeMountField(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

/**
 * Splits an options field on the commas that separate options, then decodes
 * each. A backslash protects the character after it, so a `\,` inside a value
 * stays in that value; the escape itself is kept for the option's own parser.
 */
export function splitOptions(field: string): string[] {
  const options: string[] = [];
  let current = '';
  for (let i = 0; i < field.length; i++) {
    const c = field[i]!;
    if (c === '\\' && i + 1 < field.length) {
      current += c + field[++i]!;
    } else if (c === ',') {
      options.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  options.push(current);
  return options.filter((o) => o !== '').map(decodeMountField);
}

const OPTIONAL_FIELD = /^(shared|master|propagate_from):(\d+)$/;
const INTEGER = /^\d+$/;
const DEVICE = /^(\d+):(\d+)$/;

export function parseMountinfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const mount = parseMountinfoLine(line);
    if (!mount) throw new Error(`mountinfo line ${index + 1} is malformed: ${JSON.stringify(line)}`);
    mounts.push(mount);
  });
  return mounts;
}

function parseMountinfoLine(line: string): Mount | undefined {
  // split(' ') rather than on runs of blanks: an empty source leaves an empty field, not a shifted one.
  const fields = line.split(' ');
  const separator = fields.indexOf('-', 6);
  if (separator < 0 || fields.length !== separator + 4) return undefined;
  const [id, parentId, device, root, mountPoint, options] = fields;
  const [fsType, source, superOptions] = fields.slice(separator + 1);
  const dev = DEVICE.exec(device ?? '');
  if (!INTEGER.test(id ?? '') || !INTEGER.test(parentId ?? '') || !dev) return undefined;
  if (root === undefined || mountPoint === undefined || options === undefined) return undefined;
  if (fsType === undefined || source === undefined || superOptions === undefined) return undefined;

  const mount: Mount = {
    id: Number(id),
    parentId: Number(parentId),
    major: Number(dev[1]),
    minor: Number(dev[2]),
    root: decodeMountField(root),
    mountPoint: decodeMountField(mountPoint),
    options: splitOptions(options),
    unbindable: false,
    fsType: decodeMountField(fsType),
    source: decodeMountField(source),
    superOptions: splitOptions(superOptions),
    propagation: 'private',
  };
  for (const optional of fields.slice(6, separator)) {
    if (optional === 'unbindable') {
      mount.unbindable = true;
      continue;
    }
    const m = OPTIONAL_FIELD.exec(optional);
    if (!m) return undefined;
    const value = Number(m[2]);
    if (m[1] === 'shared') mount.shared = value;
    else if (m[1] === 'master') mount.master = value;
    else mount.propagateFrom = value;
  }
  mount.propagation = propagationOf(mount);
  return mount;
}

function propagationOf(m: Mount): Propagation {
  if (m.unbindable) return 'unbindable';
  if (m.shared !== undefined && m.master !== undefined) return 'shared-and-slave';
  if (m.shared !== undefined) return 'shared';
  if (m.master !== undefined) return 'slave';
  return 'private';
}

/**
 * The mounts probe output: per pid, a header `@ <pid> <mnt ns link>` then that
 * pid's mountinfo. A mountinfo line starts with its mount ID, a digit, so it is
 * never taken for a header. The first pid seen for a namespace stands for it.
 */
export function parseMountsProbe(output: string, takenAt = new Date().toISOString()): MountSnapshot {
  const sections: { mntNs: number; pid: number; lines: string[] }[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('@ ')) {
      sections.at(-1)?.lines.push(line);
      continue;
    }
    const [, pid, link] = line.split(' ');
    const ns = parseNamespaceLink(link ?? '');
    if (!ns || ns.type !== 'mnt' || !INTEGER.test(pid ?? '')) throw new Error(`mounts probe header is malformed: ${JSON.stringify(line)}`);
    sections.push({ mntNs: ns.inode, pid: Number(pid), lines: [] });
  }
  const tables: MountTable[] = [];
  for (const { mntNs, pid, lines } of sections) {
    if (!tables.some((t) => t.mntNs === mntNs)) tables.push({ mntNs, pid, mounts: parseMountinfo(lines.join('\n')) });
  }
  return { takenAt, tables, peerGroups: peerGroups(tables) };
}

/** Peer groups across every namespace read: a group id is global, so peers in different namespaces share it. */
export function peerGroups(tables: readonly MountTable[]): PeerGroup[] {
  const groups = new Map<number, PeerGroup>();
  const group = (id: number) => {
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { id, members: [], slaves: [] }));
    return g;
  };
  for (const table of tables) {
    for (const m of table.mounts) {
      const member: PeerGroupMember = { mntNs: table.mntNs, mountId: m.id, mountPoint: m.mountPoint };
      if (m.shared !== undefined) group(m.shared).members.push(member);
      if (m.master !== undefined) group(m.master).slaves.push(member);
    }
  }
  return [...groups.values()].sort((a, b) => a.id - b.id);
}

/**
 * The dirs of an overlay mount from its super options. lowerdir lists the lower
 * dirs topmost first, separated by `:`; a `:` or `,` inside a path is written
 * `\:` or `\,` by whoever mounted it, and the kernel shows that string back.
 */
export function parseOverlayOptions(superOptions: readonly string[]): {
  lowerDirs: string[];
  upperDir?: string;
  workDir?: string;
} {
  const result: { lowerDirs: string[]; upperDir?: string; workDir?: string } = { lowerDirs: [] };
  for (const option of superOptions) {
    const eq = option.indexOf('=');
    if (eq < 0) continue;
    const key = option.slice(0, eq);
    const value = option.slice(eq + 1);
    if (key === 'lowerdir') result.lowerDirs.push(...splitEscaped(value, ':'));
    // The newer form: one layer per option, taken literally, so nothing is escaped.
    else if (key === 'lowerdir+') result.lowerDirs.push(value);
    else if (key === 'upperdir') result.upperDir = unescapeBackslashes(value);
    else if (key === 'workdir') result.workDir = unescapeBackslashes(value);
  }
  return result;
}

function splitEscaped(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length) current += value[++i]!;
    else if (c === separator) (parts.push(current), (current = ''));
    else current += c;
  }
  parts.push(current);
  return parts.filter((p) => p !== '');
}

function unescapeBackslashes(value: string): string {
  return value.replace(/\\(.)/g, '$1');
}

/** The mount visible at `path`: when several are stacked there, the last one mounted. */
export function mountAt(table: MountTable, path: string): Mount | undefined {
  return table.mounts.findLast((m) => m.mountPoint === path);
}
