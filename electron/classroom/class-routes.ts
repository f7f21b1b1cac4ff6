// What the class server answers, request by request. Learners: POST a join or
// a report with the join code. The instructor: GET the page, the live feed and
// the CSV, with a token traded once for a cookie.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { accessCookie, PAGE_HEADERS, readCookie, sameOrigin, sameSecret } from '../server/page-security';
import { readStatic } from '../server/static-files';
import type { InstructorSnapshot, TableLab } from '../shared/classroom';
import { applyReport, joinLearner } from './class-state';
import type { ClassStore } from './class-store';
import { tableCsv } from './csv';
import { HttpError, readJsonBody, sendJson } from './http-io';
import { InstructorFeed } from './instructor-feed';
import { normaliseJoinCode } from './join-code';
import { RateLimiter, type BucketRule } from './rate-limit';
import { MAX_REPORT_BYTES, parseJoinRequest, parseReport } from './report-schema';
import { classTable } from './table';

/** Not nslab serve's cookie name: cookies ignore ports, and both servers may run on one machine. */
const INSTRUCTOR_COOKIE = 'nslab_instructor';
/** A learner checks a step every few seconds at most; `nslab grade` sends a whole lab at once. */
export const LEARNER_RULE: BucketRule = { burst: 20, perSecond: 5 };
/** Guessing the join code: ten tries, then one every five seconds, per client address. */
export const WRONG_CODE_RULE: BucketRule = { burst: 10, perSecond: 0.2 };

export class ClassRoutes {
  private readonly learners = new RateLimiter(LEARNER_RULE);
  private readonly wrongCodes = new RateLimiter(WRONG_CODE_RULE);
  readonly feed = new InstructorFeed(() => this.snapshot());
  /** where learners join, shown on the instructor page; known once the server listens */
  joinUrls: string[] = [];

  constructor(
    private readonly store: ClassStore,
    private readonly outlines: TableLab[],
    private readonly rendererDir: string,
  ) {}

  /** Answers `req`, or throws an HttpError (or a ReportError) that says why not. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    if (url.pathname === '/api/join' || url.pathname === '/api/reports') {
      if (req.method !== 'POST') throw new HttpError(405, 'POST a JSON body', { Allow: 'POST' });
      return this.learnerRequest(req, res, url.pathname === '/api/join' ? this.join : this.report);
    }
    if (req.method !== 'GET') throw new HttpError(405, 'the instructor page only reads', { Allow: 'GET' });
    return this.instructorRequest(req, res, url);
  }

  snapshot(): InstructorSnapshot {
    return { join: { urls: this.joinUrls, code: this.store.code }, table: classTable(this.store.state, this.outlines) };
  }

  private async learnerRequest(req: IncomingMessage, res: ServerResponse, action: (body: unknown) => Promise<unknown>): Promise<void> {
    // Learners' apps post from Node, without an Origin; a web page posting here is not one of them.
    if (!sameOrigin(req)) throw new HttpError(403, 'reports come from the nslab app, not from a web page');
    const address = req.socket.remoteAddress ?? 'unknown';
    const wait = this.wrongCodes.retryAfter(address);
    if (wait > 0) throw new HttpError(429, 'too many wrong join codes from this address; wait and try again', { 'Retry-After': String(wait) });
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (!sameSecret(normaliseJoinCode(given), normaliseJoinCode(this.store.code))) {
      this.wrongCodes.take(address);
      throw new HttpError(403, 'wrong join code: ask the instructor for the code nslab classroom shows');
    }
    sendJson(res, 200, await action(await readJsonBody(req, MAX_REPORT_BYTES)));
  }

  private join = async (body: unknown): Promise<unknown> => {
    const { learner } = parseJoinRequest(body);
    const outcome = joinLearner(this.store.state, learner, new Date().toISOString());
    if (outcome === 'class-full') throw new HttpError(503, 'the class is full');
    this.feed.changed();
    await this.store.save();
    return { learner, outcome };
  };

  private report = async (body: unknown): Promise<unknown> => {
    const report = parseReport(body);
    const admission = this.learners.take(report.learner);
    if (!admission.allowed) {
      throw new HttpError(429, `too many reports from ${report.learner}; slow down`, { 'Retry-After': String(admission.retryAfterSeconds) });
    }
    const outcome = applyReport(this.store.state, report, new Date().toISOString());
    if (outcome === 'class-full') throw new HttpError(503, 'the class is full');
    if (outcome === 'too-many-steps') throw new HttpError(422, 'this learner has reported more steps than any class has');
    this.feed.changed();
    // Answered once on disk: an acknowledged report survives a restart.
    await this.store.save();
    return { outcome };
  };

  private async instructorRequest(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const token = url.searchParams.get('token');
    if (token !== null) {
      if (!sameSecret(token, this.store.instructorToken)) throw new HttpError(401, 'wrong instructor token');
      // Trade the token for a cookie and drop it from the address bar: the page may be projected.
      res.writeHead(303, { Location: url.pathname, 'Set-Cookie': accessCookie(INSTRUCTOR_COOKIE, this.store.instructorToken), 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (!sameSecret(readCookie(req, INSTRUCTOR_COOKIE), this.store.instructorToken)) {
      throw new HttpError(401, 'open the instructor URL that nslab classroom printed (it carries the token)');
    }
    switch (url.pathname) {
      case '/api/snapshot':
        return sendJson(res, 200, this.snapshot());
      case '/api/table.csv':
        return this.sendCsv(res);
      case '/api/events':
        if (!this.feed.watch(res)) throw new HttpError(503, 'too many instructor pages are open');
        return;
      default:
        return this.sendPageFile(res, url.pathname);
    }
  }

  private sendCsv(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="nslab-class-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(tableCsv(classTable(this.store.state, this.outlines)));
  }

  /** The instructor page and its assets; nothing else of the built renderer. */
  private async sendPageFile(res: ServerResponse, pathname: string): Promise<void> {
    const path = pathname === '/' ? '/instructor.html' : pathname;
    const file = path === '/instructor.html' || path.startsWith('/assets/') ? await readStatic(this.rendererDir, path) : undefined;
    if (!file) throw new HttpError(404, 'not found');
    res.writeHead(200, { 'Content-Type': file.type, ...PAGE_HEADERS });
    res.end(file.body);
  }
}

function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://class.invalid');
  } catch {
    throw new HttpError(400, 'not a request path');
  }
}
