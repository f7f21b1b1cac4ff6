// Which learner a browser is, on a class on Kubernetes. The join hands the
// browser a session token of its own (its cookie), never the classroom secret:
// that one stays in the learner's seat on the server, so only the seat can post
// grades to the class server. The file keeps the tokens' digests, not the
// tokens (mode 0600, replaced atomically), so a restarted server knows the
// browsers again and a copy of the file lets nobody in.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../engine/atomic-write';
import { newLearnerSecret, secretDigest } from '../classroom/join-code';

const FileSchema = z.object({ sessions: z.record(z.string(), z.string()) });

export class BrowserSessions {
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly file: string,
    /** learner by token digest */
    private readonly learners: Map<string, string>,
  ) {}

  /** The sessions kept in `file`; a missing or unreadable one keeps none (those browsers join again under another name). */
  static async open(file: string): Promise<BrowserSessions> {
    let saved: Record<string, string> = {};
    try {
      saved = FileSchema.parse(JSON.parse(await readFile(file, 'utf8'))).sessions;
    } catch {
      // nothing kept
    }
    return new BrowserSessions(file, new Map(Object.entries(saved)));
  }

  /** A new token for `learner`'s browser, on disk when this resolves. */
  issue(learner: string): Promise<string> {
    const token = newLearnerSecret();
    this.learners.set(secretDigest(token), learner);
    const saved = this.queue.then(() => writeFileAtomic(this.file, `${JSON.stringify({ sessions: Object.fromEntries(this.learners) })}\n`, 0o600));
    this.queue = saved.catch(() => undefined);
    return saved.then(() => token);
  }

  /** The learner whose browser holds `token`, if any. */
  learnerOf(token: string | null): string | undefined {
    return token ? this.learners.get(secretDigest(token)) : undefined;
  }
}
