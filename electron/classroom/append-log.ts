// A file that grows by appended lines, each acknowledged once it is on disk:
// lines queued while a write is under way go out together in the next write
// and share one fdatasync (group commit), so a burst costs a few syncs, not
// one each. When the file has grown well past what it holds, it is replaced
// by a compacted copy (written beside it, synced, renamed over it).
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { writeFileAtomic } from '../engine/atomic-write';

interface Pending {
  text: string;
  done: () => void;
  fail: (error: Error) => void;
}

/** Compact when the file is this much larger than its last compacted size... */
const GROWTH_FACTOR = 4;
/** ...and larger than this: a small class never compacts while it runs. */
const COMPACT_ABOVE_BYTES = 4 * 1024 * 1024;

export class AppendLog {
  private pending: Pending[] = [];
  private writing: Promise<void> | undefined;
  private compactedBytes = 0;
  private bytes = 0;

  private constructor(
    readonly file: string,
    private handle: FileHandle,
    /** the whole content as the fewest lines, taken when compacting; it already holds every queued line's change */
    private readonly compacted: () => string,
  ) {}

  /** Replaces `file` with `compacted()` (mode 0600) and opens it for appending. */
  static async open(file: string, compacted: () => string): Promise<AppendLog> {
    const log = new AppendLog(file, await replaceWith(file, compacted()), compacted);
    log.bytes = log.compactedBytes = (await log.handle.stat()).size;
    return log;
  }

  get size(): number {
    return this.bytes;
  }

  /** Resolves once `text` (whole lines) is on disk. */
  append(text: string): Promise<void> {
    return new Promise((done, fail) => {
      this.pending.push({ text, done, fail });
      this.startWriting();
    });
  }

  /** Writes what is queued, then closes the file. */
  async close(): Promise<void> {
    while (this.writing) await this.writing;
    await this.handle.close();
  }

  private startWriting(): void {
    if (this.writing) return;
    this.writing = this.drain().finally(() => {
      this.writing = undefined;
      if (this.pending.length > 0) this.startWriting();
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        if (this.bytes > Math.max(COMPACT_ABOVE_BYTES, this.compactedBytes * GROWTH_FACTOR)) {
          // The compacted text is taken now, so it holds this batch's changes: the batch is not appended after it.
          const text = this.compacted();
          const old = this.handle;
          this.handle = await replaceWith(this.file, text);
          await old.close();
          this.bytes = this.compactedBytes = Buffer.byteLength(text);
        } else {
          const text = batch.map((p) => p.text).join('');
          await this.handle.write(text);
          await this.handle.datasync();
          this.bytes += Buffer.byteLength(text);
        }
        for (const p of batch) p.done();
      } catch (error) {
        for (const p of batch) p.fail(error as Error);
      }
    }
  }
}

async function replaceWith(file: string, text: string): Promise<FileHandle> {
  await writeFileAtomic(file, text, 0o600);
  // A symlink swapped in since the rename is refused, not followed.
  return open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
}
