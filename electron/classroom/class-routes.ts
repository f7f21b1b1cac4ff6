// What the class server answers, request by request. Learners POST a join
// (with the join code; it hands out the learner's secret) or a report (with the
// code and that secret). The instructor's GETs are instructor-routes.ts's.
// A class whose learners sit on the server (SeatedClass) takes new names only
// from its page, so only the seats hold secrets and only they report.
//
// Limits, and what each is keyed on (never on a name the sender picks):
// - wrong join codes, per address: past the burst a wrong code gets 429, but
//   the right code is always compared and always passes (a NAT'ed classroom is
//   one address, and one learner mistyping must not lock out the rest);
// - learner requests with the right code, per address;
// - new names, per address: a flood of made-up learners stops early;
// - reports, per learner secret.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sameOrigin, sameSecret } from '../server/page-security';
import type { TableLab } from '../shared/classroom';
import type { ClassStore } from './class-store';
import { HttpError, readJsonBody, sendJson } from './http-io';
import { InstructorRoutes } from './instructor-routes';
import { newLearnerSecret, normaliseJoinCode, secretDigest } from './join-code';
import { unknownStep } from './lab-outlines';
import { RateLimiter, type BucketRule } from './rate-limit';
import { LearnerSecretSchema, MAX_REPORT_BYTES, parseJoinRequest, parseReport } from './report-schema';

/** A learner checks a step every few seconds at most; `nslab grade` sends a whole lab at once. */
export const LEARNER_RULE: BucketRule = { burst: 20, perSecond: 5 };
/** A whole classroom behind one NAT address, every learner at their own limit's pace. */
export const ADDRESS_RULE: BucketRule = { burst: 300, perSecond: 150 };
/** A classroom behind one address joins at once; a stream of made-up names does not. */
export const NEW_NAME_RULE: BucketRule = { burst: 100, perSecond: 1 };
/** Wrong join codes: ten, then one every five seconds, per address; wrong ones past that get 429. */
export const WRONG_CODE_RULE: BucketRule = { burst: 10, perSecond: 0.2 };

/** What a join answers: the secret only to a new learner, once. */
export interface JoinAnswer {
  learner: string;
  outcome: string;
  secret?: string;
}

/** A class whose learners sit on this server (`nslab serve --backend kubernetes`). */
export interface SeatedClass {
  /** what names a learner's seat (their namespaces, files, cluster-wide prefix): two names with one key would share a seat */
  keyOf(learner: string): string;
}

/** The header a report carries its learner's secret in. */
export const SECRET_HEADER = 'x-nslab-learner-secret';

export class ClassRoutes {
  private readonly learners = new RateLimiter(LEARNER_RULE);
  private readonly addresses = new RateLimiter(ADDRESS_RULE);
  private readonly newNames = new RateLimiter(NEW_NAME_RULE);
  private readonly wrongCodes = new RateLimiter(WRONG_CODE_RULE);
  readonly instructor: InstructorRoutes;

  constructor(
    private readonly store: ClassStore,
    private readonly outlines: TableLab[],
    rendererDir: string,
    private readonly seated?: SeatedClass,
  ) {
    this.instructor = new InstructorRoutes(store, outlines, rendererDir);
  }

  /** Answers `req`, or throws an HttpError (or a ReportError) that says why not. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    if (url.pathname === '/api/join' || url.pathname === '/api/reports') {
      if (req.method !== 'POST') throw new HttpError(405, 'POST a JSON body', { Allow: 'POST' });
      return this.learnerRequest(req, res, url.pathname);
    }
    if (req.method !== 'GET') throw new HttpError(405, 'the instructor page only reads', { Allow: 'GET' });
    return this.instructor.handle(req, res, url);
  }

  private async learnerRequest(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    // Learners' apps post from Node, without an Origin; a web page posting here is not one of them.
    if (!sameOrigin(req)) throw new HttpError(403, 'reports come from the nslab app, not from a web page');
    const address = req.socket.remoteAddress ?? 'unknown';
    this.admitCode(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '', address);
    const body = await readJsonBody(req, MAX_REPORT_BYTES);
    sendJson(res, 200, path === '/api/join' ? await this.join(body, address, false) : await this.report(req, body));
  }

  /**
   * A join from a page of the class's own (`nslab serve --backend kubernetes`,
   * where learners join in the browser): the same code check, limits and
   * binding as /api/join, keyed on the browser's address.
   */
  async joinFromPage(code: string, learner: string, address: string): Promise<JoinAnswer> {
    this.admitCode(code, address);
    return this.join({ learner }, address, true);
  }

  /** The join code, compared always; wrong ones limited per address, right ones per address too. */
  private admitCode(given: string, address: string): void {
    if (!sameSecret(normaliseJoinCode(given), normaliseJoinCode(this.store.code))) {
      const wrong = this.wrongCodes.take(address);
      if (!wrong.allowed) throw new HttpError(429, 'too many wrong join codes from this address; check the code with the instructor', retryAfter(wrong.retryAfterSeconds));
      throw new HttpError(403, 'wrong join code: ask the instructor for the code nslab classroom shows');
    }
    admit(this.addresses, address, 'too many requests from this address; slow down');
  }

  /**
   * Binds a new name, or answers a rejoin. With seats, a new name joins only
   * from the page: the secret then goes to the seat alone, so no one outside
   * the server holds a secret to report with.
   */
  private async join(body: unknown, address: string, fromPage: boolean): Promise<JoinAnswer> {
    const { learner, secret } = parseJoinRequest(body);
    const bound = this.store.state.learners.get(learner);
    if (bound) {
      if (secret === undefined || secretDigest(secret) !== bound.secretDigest) {
        throw new HttpError(409, `"${learner}" is in this class already, joined from another app; choose another name (or join from the app that joined as ${learner})`);
      }
      return { learner, outcome: 'rejoined' };
    }
    if (this.seated && !fromPage) throw new HttpError(403, 'this class is joined in the browser, on the page the instructor gives out; the app cannot join it');
    admit(this.newNames, address, 'too many new learners from this address; wait and try again');
    this.refuseSharedSeat(learner);
    const fresh = newLearnerSecret();
    const outcome = await this.store.join(learner, secretDigest(fresh), new Date().toISOString());
    // Another request may have taken the name while this one waited for the disk.
    if (outcome === 'name-taken') throw new HttpError(409, `"${learner}" is in this class already; choose another name`);
    if (outcome === 'class-full') throw new HttpError(503, 'the class is full');
    this.instructor.feed.changed(learner);
    // The secret is said once, here; the class keeps only its digest.
    return { learner, outcome, secret: fresh };
  }

  /** Checked with no await before the join takes the name, so two joins cannot both pass it. */
  private refuseSharedSeat(learner: string): void {
    if (!this.seated) return;
    const key = this.seated.keyOf(learner);
    for (const other of this.store.state.learners.keys()) {
      if (this.seated.keyOf(other) === key) throw new HttpError(409, `"${learner}" would share the seat of a learner already in this class; choose another name`);
    }
  }

  private async report(req: IncomingMessage, body: unknown): Promise<unknown> {
    const secret = LearnerSecretSchema.safeParse(req.headers[SECRET_HEADER]);
    const digest = secret.success ? secretDigest(secret.data) : '';
    const learner = this.store.state.bySecret.get(digest);
    if (!learner) throw new HttpError(401, 'this app has not joined the class (or the class was started afresh): join again');
    admit(this.learners, digest, `too many reports from ${learner}; slow down`);
    const report = parseReport(body);
    const unknown = unknownStep(this.outlines, report.labId, report.stepId);
    if (unknown) throw new HttpError(422, unknown);
    const outcome = await this.store.report(learner, report, new Date().toISOString());
    if (outcome === 'state-full') throw new HttpError(507, 'the class has stored all the reports it may; the instructor can start a new class');
    this.instructor.feed.changed(learner);
    // Answered once on disk: an acknowledged report survives a restart.
    return { learner, outcome };
  }
}

function admit(limiter: RateLimiter, key: string, refusal: string): void {
  const admission = limiter.take(key);
  if (!admission.allowed) throw new HttpError(429, refusal, retryAfter(admission.retryAfterSeconds));
}

function retryAfter(seconds: number): Record<string, string> {
  return { 'Retry-After': String(seconds) };
}

function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://class.invalid');
  } catch {
    throw new HttpError(400, 'not a request path');
  }
}
