// The learner's progress on disk: one JSON file, replaced atomically
// (atomic-write.ts), so a crash mid-write leaves either the old file or the
// new one, never half of one. Each change is read, applied and written under
// a lock (file-lock.ts): the app and an `nslab grade` run may share the file.
import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import type { LabProgress, ProgressState } from '../shared/api';
import { writeFileAtomic } from './atomic-write';
import { withFileLock } from './file-lock';

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
    const next = this.queue.then(() =>
      withFileLock(this.file, async () => {
        const state = await this.load();
        change(state);
        await this.write(state);
        return state;
      }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  private write(state: ProgressState): Promise<void> {
    return writeFileAtomic(this.file, `${JSON.stringify(state, null, 2)}\n`);
  }
}

export function emptyLabProgress(firstStep: string): LabProgress {
  return { currentStep: firstStep, steps: {} };
}
