// The learner's progress on disk: one JSON file, replaced atomically (write a
// temporary file in the same folder, fsync, rename), so a crash mid-write
// leaves either the old file or the new one, never half of one.
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { z } from 'zod';
import type { LabProgress, ProgressState } from '../shared/api';

const StepProgressSchema = z.object({
  passed: z.boolean(),
  hintsRevealed: z.number().int().nonnegative(),
  solutionRevealed: z.boolean(),
  lastCheckedAt: z.string().optional(),
});
const ProgressSchema = z.record(
  z.string(),
  z.object({ currentStep: z.string(), steps: z.record(z.string(), StepProgressSchema), completedAt: z.string().optional() }),
);

export class ProgressStore {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Missing file: no progress yet. Unreadable file: kept aside (never deleted) and started afresh. */
  async load(): Promise<ProgressState> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    try {
      return ProgressSchema.parse(JSON.parse(text));
    } catch {
      await rename(this.file, `${this.file}.unreadable-${Date.now()}`);
      return {};
    }
  }

  /** Applies `change` to the stored state and writes it; changes are applied one at a time. */
  update(change: (state: ProgressState) => void): Promise<ProgressState> {
    const next = this.queue.then(async () => {
      const state = await this.load();
      change(state);
      await this.write(state);
      return state;
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private write(state: ProgressState): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify(state, null, 2)}\n`);
  }
}

let tempCounter = 0;

/** Replaces `file` with `text` all at once (temp file in the same folder, fsync, rename). `mode` applies to a new file. */
export async function writeFileAtomic(file: string, text: string, mode = 0o666): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.${tempCounter++}.tmp`);
  const handle = await open(temp, 'w', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
  await removeStaleTemps(file);
}

/** A writer killed between open and rename leaves its temp file: gone once its process is. */
async function removeStaleTemps(file: string): Promise<void> {
  const prefix = `.${basename(file)}.`;
  for (const name of await readdir(dirname(file))) {
    const pid = Number(/^\.(?:.*)\.(\d+)\.\d+\.tmp$/.exec(name)?.[1]);
    if (!name.startsWith(prefix) || !pid || pid === process.pid || processAlive(pid)) continue;
    await rm(join(dirname(file), name), { force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function emptyLabProgress(firstStep: string): LabProgress {
  return { currentStep: firstStep, steps: {} };
}
