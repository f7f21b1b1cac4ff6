// Small formatters shared by the panels.

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Number with at most `digits` decimals and no trailing zeros: 32, 3.87, 163.8. */
function trimmed(value: number, digits: number): string {
  return String(Number(value.toFixed(digits)));
}

/** 4055040 -> "3.87 MiB"; binary units, as the kernel counts memory. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 ? 0 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${trimmed(value, digits)} ${BYTE_UNITS[unit]}`;
}

/** Microseconds of CPU time -> "64.4 ms", "2 s", "8.1 min". */
export function formatMicros(us: number): string {
  if (us < 1000) return `${us} µs`;
  if (us < 1_000_000) return `${trimmed(us / 1000, 1)} ms`;
  if (us < 60_000_000) return `${trimmed(us / 1_000_000, 2)} s`;
  return `${trimmed(us / 60_000_000, 1)} min`;
}

/** The last digits of a namespace inode: enough to tell the box's namespaces apart. */
export function shortInode(inode: number, digits = 4): string {
  return String(inode).slice(-digits);
}

/** "uts:[4026532327]", as /proc/<pid>/ns/<type> shows it. */
export function namespaceLink(type: string, inode: number): string {
  return `${type}:[${inode}]`;
}

/** A path with its tabs and newlines made visible: mount points may hold them. */
export function visiblePath(path: string): string {
  return path.replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}
