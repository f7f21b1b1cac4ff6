// Browser mode's transport on loopback: token, static files, the API over a WebSocket.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { NslabService } from '../../electron/app/nslab-service';
import { startServer, type RunningServer } from '../../electron/server/server';
import { REPO_ROOT } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-server-'));
let server: RunningServer;
let service: NslabService;

beforeAll(async () => {
  const renderer = join(scratch, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>nslab</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(scratch, 'secret.txt'), 'secret');
  service = new NslabService({ labsDir: join(REPO_ROOT, 'labs'), progressFile: join(scratch, 'progress.json') });
  server = await startServer({ api: service, rendererDir: renderer });
});
afterAll(async () => {
  await server?.close();
  await service?.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

const base = () => new URL(server.url).origin;
const port = () => new URL(server.url).port;

/** A GET with a Host header of our choosing (fetch will not send one). */
function getWithHost(path: string, host: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${base()}${path}`, { headers: { ...headers, Host: host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    }).once('error', reject);
  });
}

function connect(query = `?token=${server.token}`, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base().replace('http', 'ws')}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
}

function call(ws: WebSocket, id: number, method: string, args: unknown[] = []): Promise<{ id: number; result?: unknown; error?: string }> {
  return new Promise((resolve) => {
    const onMessage = (raw: WebSocket.RawData) => {
      const frame = JSON.parse(String(raw)) as { id?: number; result?: unknown; error?: string };
      if (frame.id === id || (frame.id === null && id < 0)) {
        ws.off('message', onMessage);
        resolve(frame as { id: number });
      }
    };
    ws.on('message', onMessage);
    ws.send(typeof method === 'string' && method.startsWith('{') ? method : JSON.stringify({ id, method, args }));
  });
}

describe('nslab serve transport', () => {
  it('listens on loopback only, with a long random token in the URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/);
  });

  it('refuses every request without the token, and serves with it (then by cookie)', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(401);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const cookie = page.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toMatch(/^nslab_token_\d+=/);
    const asset = await fetch(`${base()}/assets/app.js`, { headers: { cookie } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${base()}/assets/app.js`, { headers: { cookie: 'nslab_token=wrong' } })).status).toBe(401);
  });

  it('serves nothing outside the renderer folder', async () => {
    const res = await fetch(`${base()}/..%2Fsecret.txt?token=${server.token}`);
    expect(res.status).toBe(404);
  });

  it('refuses a WebSocket without the token or from another origin', async () => {
    await expect(connect('')).rejects.toThrow(/401/);
    await expect(connect(`?token=${server.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/401/);
  });

  it('answers API calls and reports bad ones without closing', async () => {
    const ws = await connect();
    try {
      const labs = await call(ws, 1, 'listLabs');
      expect((labs.result as { labs: { id: string }[] }).labs.map((l) => l.id)).toContain('uts-namespace');
      expect(await call(ws, 2, 'rmRf', [])).toEqual({ id: 2, error: 'unknown method "rmRf"' });
      expect((await call(ws, 3, 'getLab', [{ evil: true }])).error).toBe('getLab: argument 0: Invalid input: expected string, received object');
      expect((await call(ws, 4, 'getLab', ['../../etc'])).error).toBe('getLab: argument 0: an id of lowercase letters, digits and dashes');
      expect((await call(ws, -1, '{not json')).error).toBeDefined();
      const lab = await call(ws, 5, 'getLab', ['uts-namespace']);
      expect((lab.result as { stepViews: unknown[] }).stepViews).toHaveLength(4);
    } finally {
      ws.close();
    }
  });
});

// What issue 13 found in `nslab serve`: each of these passed before.
describe('nslab serve against a hostile page', () => {
  it('takes an empty ?token= as no token: the cookie still counts', async () => {
    const cookie = (await fetch(server.url)).headers.get('set-cookie')!.split(';')[0]!;
    expect((await fetch(`${base()}/?token=`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${base()}/?token=`)).status).toBe(401);
    expect((await connect('?token=', { cookie })).readyState).toBe(WebSocket.OPEN);
  });

  it('scopes its cookie to its port: HttpOnly, SameSite=Strict, named after the port', async () => {
    const setCookie = (await fetch(server.url)).headers.get('set-cookie')!;
    expect(setCookie).toMatch(new RegExp(`^nslab_token_${port()}=${server.token}; HttpOnly; SameSite=Strict; Path=/$`));
    // The same token under another server's cookie name is not this server's cookie.
    expect((await fetch(`${base()}/`, { headers: { cookie: `nslab_token=${server.token}` } })).status).toBe(401);
    expect((await fetch(`${base()}/`, { headers: { cookie: `nslab_token_1${port()}=${server.token}` } })).status).toBe(401);
    await expect(connect('', { cookie: `nslab_token=${server.token}` })).rejects.toThrow(/401/);
  });

  it('answers only to its own address: a rebound DNS name is refused, token or not', async () => {
    expect(await getWithHost(`/?token=${server.token}`, `127.0.0.1:${port()}`)).toBe(200);
    expect(await getWithHost(`/?token=${server.token}`, `localhost:${port()}`)).toBe(200);
    expect(await getWithHost(`/?token=${server.token}`, `evil.example:${port()}`)).toBe(421);
    expect(await getWithHost(`/?token=${server.token}`, '127.0.0.1')).toBe(421);
    expect(await getWithHost(`/?token=${server.token}`, `127.0.0.1:${Number(port()) + 1}`)).toBe(421);
    await expect(connect(`?token=${server.token}`, { host: `evil.example:${port()}` })).rejects.toThrow(/401/);
  });
});
