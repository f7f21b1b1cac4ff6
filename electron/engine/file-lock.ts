// One file changed by several nslab processes at once (the app and `nslab
// grade` runs; a class's learners grading side by side from one account) must
// not lose an update. writeFileAtomic keeps the file whole, but two processes
// that each read it, change it and write it back leave only the last one's
// change. A lock file beside it, created with O_EXCL and holding the owner's
// pid, lets one at a time through. A holder that died (killed mid-change)
// leaves its lock behind; the next one takes it over.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { processAlive } from './process-alive';

export interface FileLockOptions {
  /** How long to wait for another holder before giving up with a FileLockBusy. */
  timeoutMs?: number;
}

/** Another live process held the lock for the whole wait: the change was not made. */
export class FileLockBusy extends Error {
  constructor(
    readonly lockFile: string,
    readonly holder: number | undefined,
  ) {
    super(
      `${lockFile} is held by ${holder ? `process ${holder}` : 'another process'}, so this change was not made; ` +
        `if no other nslab is running, remove that file and try again`,
    );
  }
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** The first waits are short: a holder's change takes milliseconds. */
const FIRST_WAIT_MS = 2;
const LONGEST_WAIT_MS = 50;
/** A lock still without a pid this long after it was made: its creator died between create and write. */
const EMPTY_LOCK_STALE_MS = 5_000;

/** Runs `change` while holding `${file}.lock`; the lock goes when `change` ends, however it ends. */
export async function withFileLock<T>(file: string, change: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const lockFile = `${file}.lock`;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await acquire(lockFile, options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  try {
    return await change();
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function acquire(lockFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = FIRST_WAIT_MS; ; wait = Math.min(wait * 2, LONGEST_WAIT_MS)) {
    if (await tryCreate(lockFile)) return;
    const holder = await holderOf(lockFile);
    if (await isStale(lockFile, holder)) {
      await takeOverStale(lockFile);
      continue;
    }
    if (Date.now() >= deadline) throw new FileLockBusy(lockFile, holder);
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** O_EXCL: the create fails if the lock exists, and never follows a symlink planted at its name. */
async function tryCreate(lockFile: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockFile, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${process.pid}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

/** The pid in the lock; undefined while its creator has not written it yet (or it vanished). */
async function holderOf(lockFile: string): Promise<number | undefined> {
  const text = await readFile(lockFile, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

async function isStale(lockFile: string, holder: number | undefined): Promise<boolean> {
  if (holder !== undefined) return !processAlive(holder);
  const made = await stat(lockFile).then((info) => info.mtimeMs, () => undefined);
  return made !== undefined && Date.now() - made > EMPTY_LOCK_STALE_MS;
}

/**
 * Moves a dead holder's lock aside rather than deleting it by name: two
 * waiters may both find it dead, and the second one's delete would otherwise
 * remove the lock the first one has just created. What was moved is checked
 * again; a live holder's lock moved by mistake is linked back (link fails
 * rather than replace a lock made in between).
 */
async function takeOverStale(lockFile: string): Promise<void> {
  const aside = `${lockFile}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockFile, aside);
  } catch {
    return; // gone already: the caller tries to create it again
  }
  const holder = await holderOf(aside);
  if (holder !== undefined && processAlive(holder)) await link(aside, lockFile).catch(() => undefined);
  await rm(aside, { force: true });
}
