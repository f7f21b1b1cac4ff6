// The learner's side remembers the secret each class handed out, by class
// origin and name, so the same learner joins again (the app restarted, or
// `nslab grade --report-to` runs once per lab) and nobody else can. One file,
// mode 0600, replaced atomically under a lock: learners grading side by side
// from one account each add theirs without losing the other's. The oldest
// entries go past a bound.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nslabConfigDir } from '../env/config-dir';
import { z } from 'zod';
import { writeFileAtomic } from '../engine/atomic-write';
import { withFileLock } from '../engine/file-lock';
import { LearnerNameSchema, LearnerSecretSchema } from './report-schema';

const MAX_ENTRIES = 200;

const EntrySchema = z.object({ origin: z.string(), learner: LearnerNameSchema, secret: LearnerSecretSchema });
const FileSchema = z.object({ secrets: z.array(EntrySchema) });
type Entry = z.infer<typeof EntrySchema>;

export class LearnerSecrets {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  async get(origin: string, learner: string): Promise<string | undefined> {
    return (await this.read()).find((e) => e.origin === origin && e.learner === learner)?.secret;
  }

  /** Remembers `secret`, replacing what was kept for this class and name. */
  set(origin: string, learner: string, secret: string): Promise<void> {
    const next = this.queue.then(() =>
      withFileLock(this.file, async () => {
        const others = (await this.read()).filter((e) => e.origin !== origin || e.learner !== learner);
        const secrets = [...others, { origin, learner, secret }].slice(-MAX_ENTRIES);
        await writeFileAtomic(this.file, `${JSON.stringify({ secrets })}\n`, 0o600);
      }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** A missing or unreadable file remembers nothing: the learner joins under a new name or asks the instructor. */
  private async read(): Promise<Entry[]> {
    try {
      return FileSchema.parse(JSON.parse(await readFile(this.file, 'utf8'))).secrets;
    } catch {
      return [];
    }
  }
}

/** Where the learner's side keeps them by default: the app's and `nslab grade`'s alike. */
export function learnerSecrets(file = join(nslabConfigDir(), 'class-secrets.json')): LearnerSecrets {
  return new LearnerSecrets(file);
}
