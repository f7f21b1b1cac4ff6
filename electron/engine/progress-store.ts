// The learner's progress on disk: one JSON file, replaced atomically (write a
// temporary file in the same folder, fsync, rename), so a crash mid-write
// leaves either the old file or the new one, never half of one.
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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

  private async write(state: ProgressState): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const temp = join(dirname(this.file), `.${process.pid}.${Date.now()}.progress.tmp`);
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(`${JSON.stringify(state, null, 2)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, this.file);
  }
}

export function emptyLabProgress(firstStep: string): LabProgress {
  return { currentStep: firstStep, steps: {} };
}
