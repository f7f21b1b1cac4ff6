// A simulated browser learner of `nslab serve --backend kubernetes`: joins
// through the join page's form (as a browser posts it), keeps the cookie it is
// given, and talks to the app over the same WebSocket the renderer opens,
// with the page's Origin. Loopback only.
import WebSocket from 'ws';
import type { NslabEvent } from '../../electron/shared/api';

export interface JoinResult {
  status: number;
  /** the learner cookie ("name=value"), when the join was taken */
  cookie?: string;
  body: string;
}

export async function joinInBrowser(base: string, code: string, name: string): Promise<JoinResult> {
  const origin = new URL(base).origin;
  const res = await fetch(new URL('/join', base), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ code, name }).toString(),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  return { status: res.status, body: await res.text(), ...(cookie ? { cookie } : {}) };
}

export class BrowserLearner {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly listeners = new Set<(event: NslabEvent) => void>();

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { id?: number; result?: unknown; error?: string; event?: NslabEvent };
      if (message.event) return this.listeners.forEach((listener) => listener(message.event!));
      const call = this.pending.get(message.id ?? -1);
      if (!call) return;
      this.pending.delete(message.id!);
      if (message.error !== undefined) call.reject(new Error(message.error));
      else call.resolve(message.result);
    });
  }

  static connect(base: string, cookie: string): Promise<BrowserLearner> {
    const url = new URL('/ws', base);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url, { headers: { cookie, origin: new URL(base).origin } });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new BrowserLearner(ws)));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`the WebSocket was refused: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  call<T>(method: string, ...args: unknown[]): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(JSON.stringify({ id, method, args }));
    });
  }

  onEvent(listener: (event: NslabEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.ws.close();
  }
}
