// I/O: reads a file a lab names (or a learner's submission in a folder of
// them), refusing anything such a folder has no business holding. Lab packs come from teachers and course repositories, not from us:
// a step text that is a symlink to /etc/passwd, `../../secret.md`, a FIFO
// (open() blocks until a writer comes), /dev/zero (never ends) or a file of
// gigabytes must each become a located problem, never a hang, a crash or a
// file from elsewhere shown in the app.
import { constants, type Stats } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** lab.yaml and pack files: the largest shipped lab.yaml is under 9 KiB. */
export const MAX_LAB_YAML_BYTES = 256 * 1024;
/** a step text: the largest shipped one is 2 KiB. */
export const MAX_STEP_TEXT_BYTES = 256 * 1024;

export type LabFileRead = { ok: true; text: string } | { ok: false; message: string };

/** Is `path` the folder `dir` or inside it (both already absolute and resolved)? */
function inside(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * The text of `name` (relative to `dir`), or why it may not be read: it must
 * stay inside `dir` once every symlink is resolved, be a regular file of at
 * most `maxBytes`, and be UTF-8.
 */
export async function readLabFile(dir: string, name: string, maxBytes: number): Promise<LabFileRead> {
  const fail = (message: string): LabFileRead => ({ ok: false, message });
  if (isAbsolute(name)) return fail(`${name} is an absolute path; name a file inside the lab folder`);
  let root: string;
  let real: string;
  try {
    root = await realpath(dir);
    real = await realpath(resolve(root, name));
  } catch {
    return fail(`file not found: ${name}`);
  }
  if (!inside(root, real)) return fail(`${name} is outside the lab folder (it resolves to ${real}); a lab reads only its own files`);

  const before = await stat(real).catch(() => undefined);
  if (!before) return fail(`file not found: ${name}`);
  if (!before.isFile()) return fail(`${name} is ${kindOf(before)}; only regular files are read`);
  if (before.size > maxBytes) return fail(tooLarge(name, before.size, maxBytes));

  // O_NONBLOCK: should the file have become a FIFO since stat(), open() still
  // returns at once; O_NOFOLLOW: nor may it have become a symlink.
  let handle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  } catch (error) {
    return fail(`${name} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.ino !== before.ino || info.dev !== before.dev) return fail(`${name} changed while it was read; try again`);
    // One byte more than allowed tells a file that grew past the cap.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > maxBytes) return fail(tooLarge(name, undefined, maxBytes));
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length)) };
    } catch {
      return fail(`${name} is not UTF-8 text`);
    }
  } finally {
    await handle.close();
  }
}

/** `size` when stat() knew it; a file that grew while read is only known to be over. */
function tooLarge(name: string, size: number | undefined, maxBytes: number): string {
  return `${name} is too large (${size === undefined ? 'more' : `${size} bytes`}; a lab file may hold at most ${maxBytes} bytes)`;
}
