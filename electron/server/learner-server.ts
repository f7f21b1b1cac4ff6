// The learners' side of a class on Kubernetes (`nslab serve --backend
// kubernetes`): a join page, then the app itself (the same renderer and API as
// `nslab serve`, over the same WebSocket) for each learner in their own seat.
// A learner's browser is known by a session token of its own, handed at the
// join in an HttpOnly, SameSite=Strict cookie (Secure over https). It is not the
// classroom secret the join was handed: that one goes to the learner's seat on
// the server and never to the browser, so a learner cannot read it out of
// their cookie and post grades of their own making to the class server. Joins
// go through the class server's own checks and limits (join code, new names per
// address), keyed on the browser's address; each learner's calls are
// rate-limited; slow headers are cut as on the class server; requests (and WebSockets) whose Host does not name this
// server are refused, as on the class server, so a page whose own DNS name is
// rebound to this machine reaches no learner's app through their cookie.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { HTTP_LIMITS } from '../classroom/class-server';
import type { ClassStore } from '../classroom/class-store';
import type { ClassTls } from '../classroom/class-tls';
import { HttpError, readFormBody } from '../classroom/http-io';
import type { JoinAnswer } from '../classroom/class-routes';
import { RateLimiter, type BucketRule } from '../classroom/rate-limit';
import type { BrowserSessions } from './browser-sessions';
import type { ClassSeats } from './class-seats';
import { joinPage } from './join-page';
import { boundHosts, misdirected, PAGE_HEADERS, readCookie, sameOrigin } from './page-security';
import { MAX_MESSAGE_BYTES, serveClient } from './server';
import { readStatic } from './static-files';

export interface LearnerServerOptions {
  seats: ClassSeats;
  /** the browsers' session tokens */
  sessions: BrowserSessions;
  store: ClassStore;
  join(code: string, learner: string, address: string): Promise<JoinAnswer>;
  rendererDir: string;
  host?: string;
  port?: number;
  /** DNS names learners use to reach this machine (--hostname): Hosts answered besides its addresses */
  hostnames?: readonly string[];
  tls?: ClassTls;
}

export interface RunningLearnerServer {
  url: string;
  close(): Promise<void>;
}

/** Typing is one call per keystroke burst, a paste one call: generous, yet bounded. */
export const LEARNER_CALL_RULE: BucketRule = { burst: 400, perSecond: 100 };
const MAX_FORM_BYTES = 4096;

export function learnerCookieName(port: number): string {
  return `nslab_learner_${port}`;
}

export async function startLearnerServer(options: LearnerServerOptions): Promise<RunningLearnerServer> {
  const calls = new RateLimiter(LEARNER_CALL_RULE);
  // Both known once the server listens.
  let cookie = '';
  let hosts = new Set<string>();
  const secure = options.tls ? '; Secure' : '';
  /** The learner of the request's session cookie, while they are in the class. */
  const learnerOf = (req: IncomingMessage): string | undefined => {
    const learner = options.sessions.learnerOf(readCookie(req, cookie));
    return learner !== undefined && options.store.state.learners.has(learner) ? learner : undefined;
  };

  const answer = (req: IncomingMessage, res: ServerResponse) => void handle(req, res).catch((error: unknown) => refuse(res, error));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const wrongHost = misdirected(req, hosts);
    if (wrongHost) throw new HttpError(421, `${wrongHost}; a DNS name of this machine must be given with --hostname`);
    const url = new URL(req.url ?? '/', 'http://learners.invalid');
    if (req.method === 'POST' && url.pathname === '/join') return join(req, res);
    if (req.method !== 'GET') throw new HttpError(405, 'method not allowed');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (learnerOf(req) === undefined) return sendHtml(res, 200, joinPage());
    } else if (!url.pathname.startsWith('/assets/')) {
      throw new HttpError(404, 'not found');
    }
    const file = await readStatic(options.rendererDir, url.pathname);
    if (!file) throw new HttpError(404, 'not found');
    res.writeHead(200, { 'Content-Type': file.type, ...PAGE_HEADERS });
    res.end(file.body);
  }

  async function join(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!sameOrigin(req)) throw new HttpError(403, 'join from the class page itself');
    const form = await readFormBody(req, MAX_FORM_BYTES);
    const name = (form.get('name') ?? '').trim();
    try {
      const joined = await options.join(form.get('code') ?? '', name, req.socket.remoteAddress ?? 'unknown');
      // A name already bound answers without a secret: only the browser that joined under it may use it.
      if (!joined.secret) throw new HttpError(409, `"${name}" is in this class already; choose another name`);
      await options.seats.enrol(joined.learner, joined.secret);
      const token = await options.sessions.issue(joined.learner);
      res.writeHead(303, { Location: '/', 'Set-Cookie': `${cookie}=${token}; HttpOnly; SameSite=Strict; Path=/${secure}`, 'Cache-Control': 'no-store' });
      res.end();
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      sendHtml(res, error.status, joinPage(error.message, name), error.headers);
    }
  }

  const http: Server = options.tls
    ? createTlsServer({ ...HTTP_LIMITS, cert: options.tls.cert, key: options.tls.key, handshakeTimeout: 5_000 }, answer)
    : createServer(HTTP_LIMITS, answer);
  http.maxHeadersCount = 64;
  http.maxConnections = 4_000;

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  http.on('upgrade', (req, socket, head) => {
    if (misdirected(req, hosts)) {
      socket.end('HTTP/1.1 421 Misdirected Request\r\n\r\n');
      return;
    }
    const who = new URL(req.url ?? '/', 'http://learners.invalid').pathname === '/ws' && sameOrigin(req) ? learnerOf(req) : undefined;
    if (who === undefined) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    options.seats.seat(who).then(
      (api) =>
        wss.handleUpgrade(req, socket, head, (ws) =>
          serveClient(ws, api, () => {
            options.seats.touch(who);
            const admission = calls.take(who);
            if (!admission.allowed) throw new Error(`too many calls; slow down (again in ${admission.retryAfterSeconds} s)`);
          }),
        ),
      (error: Error) => socket.end(`HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\n${error.message}\n`),
    );
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  cookie = learnerCookieName(port);
  const host = options.host ?? '127.0.0.1';
  hosts = boundHosts(host, port, options.hostnames);
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${shown}:${port}/`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function sendHtml(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', ...PAGE_HEADERS, "Content-Security-Policy": "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'", ...headers });
  res.end(html);
}

function refuse(res: ServerResponse, error: unknown): void {
  const known = error instanceof HttpError ? error : new HttpError(500, 'the class server failed; see its log');
  if (!(error instanceof HttpError)) process.stderr.write(`nslab serve: ${(error as Error).stack ?? String(error)}\n`);
  if (res.headersSent) return void res.destroy();
  res.writeHead(known.status, { 'Content-Type': 'text/plain; charset=utf-8', ...known.headers });
  res.end(`${known.message}\n`);
}
