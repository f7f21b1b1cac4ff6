// Browser mode: the renderer and the same API over HTTP + WebSocket. Bound to
// 127.0.0.1 unless told otherwise; every request needs the random access token
// (in the URL once, then an HttpOnly same-site cookie named after the port; the
// page then drops the token from its address bar) and a Host header naming this
// server (a rebound DNS name is refused).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { NslabApi } from '../shared/api';
import { dispatch } from '../shared/dispatch';
import { accessCookie, boundHosts, hostAllowed, misdirected, PAGE_HEADERS, readCookie, sameOrigin, sameSecret } from './page-security';
import { readStatic } from './static-files';

export interface ServerOptions {
  api: NslabApi;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
}

export interface RunningServer {
  url: string;
  token: string;
  close(): Promise<void>;
}

export function tokenCookieName(port: number): string {
  return `nslab_token_${port}`;
}
/** A terminal write or an API call is small; anything larger is not ours. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  // Both known once the server listens.
  let hosts = new Set<string>();
  let cookie = '';
  /** The token in the URL, or else the cookie; an empty `?token=` is no token. */
  const givenToken = (req: IncomingMessage, url: URL) => url.searchParams.get('token') || readCookie(req, cookie);
  const authorised = (req: IncomingMessage, url: URL) => hostAllowed(req, hosts) && sameSecret(givenToken(req, url), token);

  const http = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') return send(res, 405, 'method not allowed');
    const wrongHost = misdirected(req, hosts);
    if (wrongHost) return send(res, 421, `nslab: ${wrongHost}`);
    if (!authorised(req, url)) return send(res, 401, 'nslab: open the URL with its access token, as `nslab serve` printed it');
    const file = await readStatic(options.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'not found');
    res.writeHead(200, {
      'Content-Type': file.type,
      ...PAGE_HEADERS,
      ...(url.searchParams.get('token') ? { 'Set-Cookie': accessCookie(cookie, token) } : {}),
    });
    res.end(file.body);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws' || !authorised(req, url) || !sameOrigin(req)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws, options.api));
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, resolve);
  });
  const { port } = http.address() as AddressInfo;
  hosts = boundHosts(host, port);
  cookie = tokenCookieName(port);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/**
 * One browser's WebSocket: its calls go to `api`, every event of `api` comes
 * back. `beforeCall` may refuse a call by throwing (a learner past their rate).
 */
export function serveClient(ws: WebSocket, api: NslabApi, beforeCall?: () => void): void {
  const unsubscribe = api.onEvent((event) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event }));
  });
  ws.on('close', unsubscribe);
  ws.on('message', (raw) => {
    let id: unknown;
    void (async () => {
      try {
        const message = JSON.parse(String(raw)) as { id?: unknown; method?: unknown; args?: unknown };
        id = message.id;
        if (typeof id !== 'number') throw new Error('a request needs a numeric id');
        beforeCall?.();
        const result = await dispatch(api, message.method, message.args);
        ws.send(JSON.stringify({ id, result: result ?? null }));
      } catch (error) {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: typeof id === 'number' ? id : null, error: (error as Error).message }));
      }
    })();
  });
}

function send(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}
