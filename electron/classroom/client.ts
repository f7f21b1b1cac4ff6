// The learner's side of a classroom. joinClass() checks the URL, code and name
// with the class server once and gets (or proves) the learner's secret; then
// report() queues each step's grade and a single sender delivers them in order,
// retrying what may succeed later (no connection, 429, 5xx) a bounded number
// of times. A report that cannot be delivered is dropped and told to
// onProblem: it never breaks the lab.
import type { ClassMembership, ClassReport } from '../shared/classroom';
import { InterruptiblePause } from '../shared/interruptible-pause';
import { classOrigin, ClassroomError, errorText, failureText, pinCertificate, postToClass, type ClassConnection, type PostResult } from './class-transport';
import type { LearnerSecrets } from './learner-secrets';
import { LearnerNameSchema } from './report-schema';

export { ClassroomError } from './class-transport';

export interface ClientOptions {
  onProblem?: (message: string) => void;
  /** reports waiting beyond this are dropped, oldest first */
  maxQueued?: number;
  maxAttempts?: number;
  /** first retry delay; doubles with each attempt */
  backoffMs?: number;
}

export interface JoinOptions extends ClientOptions {
  /** where the secrets of classes joined before are kept; without, a name can be joined once */
  secrets?: LearnerSecrets;
  /** the SHA-256 fingerprint of an https class's certificate, as the instructor read it out */
  fingerprint?: string;
}

const MAX_BACKOFF_MS = 10_000;

/** Joins the class at `url`; the client it returns reports this learner's grades there. */
export async function joinClass(url: string, code: string, learner: string, options: JoinOptions = {}): Promise<ClassroomClient> {
  const name = LearnerNameSchema.safeParse(learner);
  if (!name.success) throw new ClassroomError(`your name for the class: ${name.error.issues[0]!.message}`);
  const origin = classOrigin(url);
  const connection: ClassConnection = { url: origin, code: code.trim(), learner };
  const remembered = await options.secrets?.get(origin, learner);
  if (remembered) connection.secret = remembered;
  try {
    if (options.fingerprint) connection.pinnedCert = await pinCertificate(origin, options.fingerprint);
    await enrol(connection, options.secrets);
  } catch (error) {
    if (error instanceof ClassroomError) throw error;
    throw new ClassroomError(`cannot reach the class server at ${origin} (${failureText(error)}); check the URL the instructor gave`);
  }
  return new ClassroomClient(connection, options);
}

/**
 * Joins under the connection's name, proving it with the connection's secret
 * when it has one; a secret the class hands out becomes the connection's (and
 * is remembered). Throws a ClassroomError when the class refuses.
 */
async function enrol(connection: ClassConnection, secrets: LearnerSecrets | undefined): Promise<void> {
  const result = await postJoin(connection, { learner: connection.learner, ...(connection.secret ? { secret: connection.secret } : {}) });
  if (result.status === 403) throw new ClassroomError('the class refused the join code; check it with the instructor');
  if (result.status !== 200) throw new ClassroomError(`the class server refused to join (HTTP ${result.status}): ${errorText(result.body)}`);
  const given = (result.body as { secret?: unknown }).secret;
  if (typeof given !== 'string') return;
  connection.secret = given;
  await secrets?.set(connection.url, connection.learner, given);
}

/** Connections reset before an answer are tried again this many times, 250 ms apart, then 500 ms. */
const JOIN_ATTEMPTS = 3;

/**
 * The join, tried again when the connection was reset before any answer: the
 * server closes idle connections of a busy address (connection-guard.ts) and
 * never one with a request in progress, so a reset join was not taken.
 */
async function postJoin(connection: ClassConnection, body: unknown): Promise<PostResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await postToClass(connection, '/api/join', body);
    } catch (error) {
      if (attempt >= JOIN_ATTEMPTS || failureText(error) !== 'ECONNRESET') throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (attempt - 1)));
    }
  }
}

export class ClassroomClient {
  private readonly queue: ClassReport[] = [];
  private sending: Promise<void> | undefined;
  private disposed = false;
  private readonly pause = new InterruptiblePause();
  private idle: (() => void)[] = [];
  readonly stats = { sent: 0, dropped: 0 };

  constructor(
    private readonly connection: ClassConnection,
    private readonly options: JoinOptions = {},
  ) {}

  get membership(): ClassMembership {
    return { url: this.connection.url, learner: this.connection.learner };
  }

  /** Queues `report` and returns at once; delivery happens behind. */
  report(report: ClassReport): void {
    if (this.disposed) return;
    this.queue.push(report);
    while (this.queue.length > (this.options.maxQueued ?? 100)) this.drop(this.queue.shift()!, 'the queue of unsent reports is full');
    this.startSending();
  }

  /** Resolves when every queued report is delivered or dropped, or after `timeoutMs`; true when nothing is left. */
  async flush(timeoutMs: number): Promise<boolean> {
    if (this.sending) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.idle.push(resolve)),
        new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
      ]);
      clearTimeout(timer);
    }
    return this.sending === undefined;
  }

  /** Stops sending; what is still queued is dropped. */
  dispose(): void {
    this.disposed = true;
    this.queue.length = 0;
    this.pause.interrupt();
  }

  private startSending(): void {
    if (this.sending || this.disposed) return;
    this.sending = this.drain().finally(() => {
      this.sending = undefined;
      // A report queued while the sender was finishing: go again.
      if (this.queue.length > 0 && !this.disposed) this.startSending();
      else for (const done of this.idle.splice(0)) done();
    });
  }

  private async drain(): Promise<void> {
    for (let report = this.queue.shift(); report && !this.disposed; report = this.queue.shift()) await this.deliver(report);
  }

  private async deliver(report: ClassReport): Promise<void> {
    const attempts = this.options.maxAttempts ?? 6;
    let why = '';
    let rejoined = false;
    for (let attempt = 0; attempt < attempts && !this.disposed; attempt++) {
      let retryAfterMs: number | undefined;
      try {
        const result = await postToClass(this.connection, '/api/reports', report);
        if (result.status === 200) {
          this.stats.sent += 1;
          return;
        }
        why = `HTTP ${result.status}: ${errorText(result.body)}`;
        // The class does not know this app's secret: it was started afresh. Join it again, once, and resend.
        if (result.status === 401 && !rejoined) {
          rejoined = true;
          await enrol(this.connection, this.options.secrets);
          continue;
        }
        // Only a busy or failing server may answer differently later; a refusal stays one.
        if (result.status !== 429 && result.status < 500) break;
        retryAfterMs = result.retryAfterMs;
      } catch (error) {
        why = error instanceof ClassroomError ? error.message : failureText(error);
        if (error instanceof ClassroomError) break;
      }
      if (attempt < attempts - 1) await this.pause.wait(retryAfterMs ?? Math.min(MAX_BACKOFF_MS, (this.options.backoffMs ?? 500) * 2 ** attempt));
    }
    this.drop(report, why);
  }

  private drop(report: ClassReport, why: string): void {
    this.stats.dropped += 1;
    this.options.onProblem?.(`the class did not get the grade of ${report.labId}/${report.stepId}: ${why}`);
  }
}
