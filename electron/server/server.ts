// Browser mode: the renderer and the same API over HTTP + WebSocket. Bound to
// 127.0.0.1 unless told otherwise; every request needs the random access token
// (in the URL once, then a same-site cookie).
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { NslabApi } from '../shared/api';
import { dispatch } from '../shared/dispatch';
import { accessCookie, PAGE_HEADERS, readCookie, sameOrigin, sameSecret } from './page-security';
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

const COOKIE = 'nslab_token';
/** A terminal write or an API call is small; anything larger is not ours. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  const authorised = (req: IncomingMessage, url: URL) => sameSecret(url.searchParams.get('token') ?? readCookie(req, COOKIE), token);

  const http = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET') return send(res, 405, 'method not allowed');
    if (!authorised(req, url)) return send(res, 401, 'nslab: open the URL with its access token, as `nslab serve` printed it');
    const file = await readStatic(options.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'not found');
    res.writeHead(200, {
      'Content-Type': file.type,
      ...PAGE_HEADERS,
      ...(url.searchParams.has('token') ? { 'Set-Cookie': accessCookie(COOKIE, token) } : {}),
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

function serveClient(ws: WebSocket, api: NslabApi): void {
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
