// The instructor's side of the class server: GET the page, the live feed, the
// snapshot and the CSV, with the token traded once for a cookie. The cookie's
// name carries the port: browsers send a 127.0.0.1 cookie to every port of
// 127.0.0.1, so two servers there (nslab serve, another class) must not take
// each other's.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { accessCookie, PAGE_HEADERS, readCookie, sameSecret } from '../server/page-security';
import { readStatic } from '../server/static-files';
import type { InstructorSnapshot, TableLab } from '../shared/classroom';
import type { ClassStore } from './class-store';
import { tableCsv } from './csv';
import { HttpError, sendJson } from './http-io';
import { InstructorFeed } from './instructor-feed';
import { classTable, tableLabs, tableRow } from './table';

export function instructorCookieName(port: number): string {
  return `nslab_instructor_${port}`;
}

export class InstructorRoutes {
  readonly feed: InstructorFeed;
  /** where learners join, shown on the instructor page; known once the server listens */
  joinUrls: string[] = [];
  /** known once the server listens */
  cookie = '';

  constructor(
    private readonly store: ClassStore,
    private readonly outlines: TableLab[],
    private readonly rendererDir: string,
  ) {
    this.feed = new InstructorFeed({
      snapshot: () => this.snapshot(),
      labs: () => tableLabs(store.state, outlines),
      row: (learner) => {
        const record = store.state.learners.get(learner);
        return record && tableRow(learner, record);
      },
    });
  }

  snapshot(): InstructorSnapshot {
    return { join: { urls: this.joinUrls, code: this.store.code }, table: classTable(this.store.state, this.outlines) };
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const token = url.searchParams.get('token');
    if (token) {
      if (!sameSecret(token, this.store.instructorToken)) throw new HttpError(401, 'wrong instructor token');
      // Trade the token for a cookie and drop it from the address bar: the page may be projected.
      res.writeHead(303, { Location: url.pathname, 'Set-Cookie': accessCookie(this.cookie, this.store.instructorToken), 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (!sameSecret(readCookie(req, this.cookie), this.store.instructorToken)) {
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
