// What a lab pack is, byte for byte: one SHA-256 over every entry of its folder.
// A trust decision is keyed by it, so a pack changed in any file (a lab.yaml, a
// step text, a solution, a symlink's target, a file added or removed) is a pack
// nobody has agreed to yet. Reading is bounded and never leaves the folder: a
// symlink counts as its target's text, never as what it points at (whatever it
// points at inside the folder is hashed in its own right; readLabFile refuses
// the rest).
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, readlink } from 'node:fs/promises';
import { join, posix, resolve } from 'node:path';

/** One thing in a pack's folder, by its path relative to the folder (posix separators). */
export type PackEntry =
  | { path: string; kind: 'dir' }
  | { path: string; kind: 'file'; content: Uint8Array }
  | { path: string; kind: 'link'; target: string }
  /** a FIFO, socket or device: hashed by kind only, never opened (a lab never reads one) */
  | { path: string; kind: 'other' };

/** A pack is lab files: the shipped labs together are under 2 MiB in a few hundred files. */
export const MAX_PACK_BYTES = 64 * 1024 * 1024;
export const MAX_PACK_ENTRIES = 10_000;

export class PackTooLargeError extends Error {}

/**
 * Pure: the digest of a pack's entries, "sha256:<hex>". Order-independent (the
 * entries are sorted by path) and unambiguous: each field is length-prefixed,
 * so no two different trees hash the same framing.
 */
export function packDigest(entries: readonly PackEntry[]): string {
  const hash = createHash('sha256');
  const field = (value: Uint8Array | string) => {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  };
  hash.update('nslab-pack-v1\n');
  for (const entry of [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    field(entry.kind);
    field(entry.path);
    if (entry.kind === 'file') field(entry.content);
    if (entry.kind === 'link') field(entry.target);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** I/O: every entry under `folder` (the folder itself is the root, path ''), bounded in count and bytes. */
export async function readPackEntries(folder: string): Promise<PackEntry[]> {
  const root = resolve(folder);
  const entries: PackEntry[] = [];
  let bytes = 0;
  const tooLarge = (what: string) =>
    new PackTooLargeError(`${root} holds more than ${what}: that is not a lab pack (open the folder of its labs, not one above it)`);

  const walk = async (relative: string): Promise<void> => {
    for (const dirent of (await readdir(join(root, relative), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = relative === '' ? dirent.name : posix.join(relative, dirent.name);
      if (entries.length >= MAX_PACK_ENTRIES) throw tooLarge(`${MAX_PACK_ENTRIES} files`);
      const absolute = join(root, path);
      const info = await lstat(absolute);
      if (info.isSymbolicLink()) entries.push({ path, kind: 'link', target: await readlink(absolute) });
      else if (info.isDirectory()) {
        entries.push({ path, kind: 'dir' });
        await walk(path);
      } else if (info.isFile()) {
        bytes += info.size;
        if (bytes > MAX_PACK_BYTES) throw tooLarge(`${MAX_PACK_BYTES / 1024 / 1024} MiB`);
        entries.push({ path, kind: 'file', content: await readRegular(absolute) });
      } else entries.push({ path, kind: 'other' });
    }
  };
  await walk('');
  return entries;
}

/** A regular file's bytes; O_NOFOLLOW and O_NONBLOCK: a file swapped for a symlink or a FIFO since lstat() is refused, not followed or waited on. */
async function readRegular(file: string): Promise<Uint8Array> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw new Error(`${file} changed while it was read; try again`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** The digest of the pack in `folder` as it is on disk now. */
export async function digestPackFolder(folder: string): Promise<string> {
  return packDigest(await readPackEntries(folder));
}
