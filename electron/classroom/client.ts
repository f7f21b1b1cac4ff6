// The learner's side of a classroom. joinClass() checks the URL, code and name
// with the class server once; then report() queues each step's grade and a
// single sender delivers them in order, retrying what may succeed later (no
// connection, 429, 5xx) a bounded number of times. A report that cannot be
// delivered is dropped and told to onProblem: it never breaks the lab.
import type { ClassMembership, ClassReport } from '../shared/classroom';
import { LearnerNameSchema } from './report-schema';
import { InterruptiblePause } from '../shared/interruptible-pause';

export class ClassroomError extends Error {}

export interface ClassConnection {
  /** the class server's origin, e.g. http://192.168.1.20:7070 */
  url: string;
  code: string;
  learner: string;
}

export interface PostResult {
  status: number;
  body: unknown;
  /** from Retry-After, when the server gave one */
  retryAfterMs?: number;
}

export interface ClientOptions {
  onProblem?: (message: string) => void;
  /** reports waiting beyond this are dropped, oldest first */
  maxQueued?: number;
  maxAttempts?: number;
  /** first retry delay; doubles with each attempt */
  backoffMs?: number;
}

const REQUEST_TIMEOUT_MS = 5_000;
const MAX_BACKOFF_MS = 10_000;

/** What the learner typed as the class URL, as an origin: "10.0.0.5:7070" becomes "http://10.0.0.5:7070". */
export function classOrigin(input: string): string {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new ClassroomError(`"${input}" is not a class URL; it looks like http://10.0.0.5:7070`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ClassroomError(`a class URL starts with http:// or https://, not ${url.protocol}//`);
  return url.origin;
}

/** One POST to the class server. Throws only when the server could not be reached. */
export async function postToClass(connection: ClassConnection, path: string, body: unknown): Promise<PostResult> {
  const res = await fetch(`${connection.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${connection.code}` },
    body: JSON.stringify(body),
    redirect: 'error',
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the message
  }
  const retryAfter = Number(res.headers.get('retry-after'));
  return { status: res.status, body: parsed, ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
}

/** Joins the class at `url`; the client it returns reports this learner's grades there. */
export async function joinClass(url: string, code: string, learner: string, options: ClientOptions = {}): Promise<ClassroomClient> {
  const name = LearnerNameSchema.safeParse(learner);
  if (!name.success) throw new ClassroomError(`your name for the class: ${name.error.issues[0]!.message}`);
  const connection = { url: classOrigin(url), code: code.trim(), learner };
  let result: PostResult;
  try {
    result = await postToClass(connection, '/api/join', { learner });
  } catch (error) {
    throw new ClassroomError(`cannot reach the class server at ${connection.url} (${describe(error)}); check the URL the instructor gave`);
  }
  if (result.status === 403) throw new ClassroomError('the class refused the join code; check it with the instructor');
  if (result.status !== 200) throw new ClassroomError(`the class server refused to join (HTTP ${result.status}): ${errorText(result.body)}`);
  return new ClassroomClient(connection, options);
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
    private readonly options: ClientOptions = {},
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
    for (let attempt = 0; attempt < attempts && !this.disposed; attempt++) {
      let retryAfterMs: number | undefined;
      try {
        const result = await postToClass(this.connection, '/api/reports', report);
        if (result.status === 200) {
          this.stats.sent += 1;
          return;
        }
        why = `HTTP ${result.status}: ${errorText(result.body)}`;
        // Only a busy or failing server may answer differently later; a refusal stays one.
        if (result.status !== 429 && result.status < 500) break;
        retryAfterMs = result.retryAfterMs;
      } catch (error) {
        why = describe(error);
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

function errorText(body: unknown): string {
  if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') return (body as { error: string }).error;
  return String(body).slice(0, 200);
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
