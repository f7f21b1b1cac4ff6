// The class on disk: its table, and its join code and instructor token so a
// restarted server takes the same learners and the same instructor page back.
// Written atomically (mode 0600: it holds the two secrets); writes coalesce, so
// a burst of reports costs a few writes, and each save() resolves once a write
// that includes every change made before it is on disk.
import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../engine/progress-store';
import { emptyClassState, restoreClassState, saveClassState, type ClassState } from './class-state';
import { newInstructorToken, newJoinCode } from './join-code';

const SecretsSchema = z.object({ code: z.string().min(1), instructorToken: z.string().min(16) });

export interface OpenOptions {
  /** the join code to use instead of the saved (or a new) one */
  code?: string;
}

export class ClassStore {
  private inFlight: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  private constructor(
    readonly file: string,
    readonly code: string,
    readonly instructorToken: string,
    readonly state: ClassState,
    /** where an unreadable file was moved before starting afresh */
    readonly setAside: string | undefined,
  ) {}

  /** The class saved in `file`; a missing file starts an empty class, an unreadable one is kept aside (never deleted). */
  static async open(file: string, options: OpenOptions = {}): Promise<ClassStore> {
    let saved: { code: string; instructorToken: string; state: ClassState } | undefined;
    let setAside: string | undefined;
    try {
      const json: unknown = JSON.parse(await readFile(file, 'utf8'));
      saved = { ...SecretsSchema.parse(json), state: restoreClassState(json) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        setAside = `${file}.unreadable-${Date.now()}`;
        await rename(file, setAside);
      }
    }
    const store = new ClassStore(
      file,
      options.code ?? saved?.code ?? newJoinCode(),
      saved?.instructorToken ?? newInstructorToken(),
      saved?.state ?? emptyClassState(),
      setAside,
    );
    await store.save();
    return store;
  }

  save(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.inFlight) return this.startWrite();
    const queued = this.inFlight
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.startWrite();
      });
    this.queued = queued;
    return queued;
  }

  private startWrite(): Promise<void> {
    // Serialised now, when the write starts: later changes belong to the next write.
    const text = `${JSON.stringify({ code: this.code, instructorToken: this.instructorToken, ...saveClassState(this.state) })}\n`;
    const write: Promise<void> = writeFileAtomic(this.file, text, 0o600).finally(() => {
      if (this.inFlight === write) this.inFlight = undefined;
    });
    this.inFlight = write;
    return write;
  }
}
