// Replacing a file all at once, in a way nobody else on the machine can hijack:
// a crash mid-write leaves the old file or the new one, never half of one
// (temporary file, fsync, rename), and another local user can neither read the
// content nor have it written into a file of theirs. The temporary file is
// created with O_EXCL under a random name, mode 0600, so a name planted in
// advance (a file or a symlink) makes the open fail instead of capturing the
// write; in a folder others may write to (a shared --state folder, /tmp) it is
// made in a private folder of nslab's own (mkdtemp: 0700, a fresh random name).
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { processAlive } from './process-alive';

/** Another writer's file at the same random name: vanishingly rare, but never fatal. */
const ATTEMPTS = 5;

/** Replaces `file` with `text` all at once; the file ends up with `mode` (0600: only this user). */
export async function writeFileAtomic(file: string, text: string, mode = 0o600): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const privateDir = (await sharedWithOthers(dir)) ? await mkdtemp(join(dir, `.${basename(file)}.${process.pid}.`)) : undefined;
  try {
    const temp = await writeTemp(privateDir ?? dir, basename(file), text, mode);
    await rename(temp, file);
  } finally {
    if (privateDir) await rm(privateDir, { recursive: true, force: true });
  }
  await removeStaleTemps(file);
}

/** Can anyone but this user create or rename entries in `dir`? (POSIX only; Windows folders are per-user ACLs.) */
async function sharedWithOthers(dir: string): Promise<boolean> {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return false;
  const info = await stat(dir);
  return info.uid !== process.getuid() || (info.mode & 0o022) !== 0;
}

async function writeTemp(dir: string, name: string, text: string, mode: number): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const temp = join(dir, `.${name}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    let handle;
    try {
      // 'wx': O_CREAT | O_EXCL, which also refuses to follow a symlink at that name.
      handle = await open(temp, 'wx', mode);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < ATTEMPTS) continue;
      throw error;
    }
    try {
      await handle.writeFile(text);
      await handle.chmod(mode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return temp;
  }
}

/** A writer killed between open and rename leaves its temp file (or folder): gone once its process is. */
async function removeStaleTemps(file: string): Promise<void> {
  const dir = dirname(file);
  const prefix = `.${basename(file)}.`;
  for (const name of await readdir(dir)) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(/^(\d+)\./.exec(name.slice(prefix.length))?.[1]);
    if (!pid || pid === process.pid || processAlive(pid)) continue;
    // Another user's entry in a shared folder is theirs to remove.
    await rm(join(dir, name), { recursive: true, force: true }).catch(() => undefined);
  }
}
