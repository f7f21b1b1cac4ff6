// The instructor page's live feed: Server-Sent Events carrying the whole
// snapshot. Changes are coalesced (at most one event per interval), so thirty
// learners reporting at once cost the page a few redraws, not hundreds.
import type { ServerResponse } from 'node:http';
import type { InstructorSnapshot } from '../shared/classroom';

/** A page or two per instructor; more is someone else. */
const MAX_WATCHERS = 16;
const HEARTBEAT_MS = 15_000;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export class InstructorFeed {
  private readonly watchers = new Set<ServerResponse>();
  private pending: NodeJS.Timeout | undefined;
  private lastSent = 0;
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly snapshot: () => InstructorSnapshot,
    private readonly intervalMs = 250,
  ) {
    // Comment lines keep proxies and idle timers from closing a quiet feed.
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), HEARTBEAT_MS).unref();
  }

  /** Starts streaming to `res` with the current snapshot; false when the feed is full. */
  watch(res: ServerResponse): boolean {
    if (this.watchers.size >= MAX_WATCHERS) return false;
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.write(event(this.snapshot()));
    this.watchers.add(res);
    res.on('close', () => this.watchers.delete(res));
    return true;
  }

  /** Something changed: the watchers hear of it within one interval. */
  changed(): void {
    if (this.pending || this.watchers.size === 0) return;
    const wait = Math.max(0, this.lastSent + this.intervalMs - Date.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.lastSent = Date.now();
      this.write(event(this.snapshot()));
    }, wait);
  }

  close(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.pending);
    for (const res of this.watchers) res.end();
    this.watchers.clear();
  }

  private write(text: string): void {
    for (const res of this.watchers) {
      // A page that stops reading is dropped, not buffered for without end.
      if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
      else res.write(text);
    }
  }
}

function event(snapshot: InstructorSnapshot): string {
  return `event: snapshot\ndata: ${JSON.stringify(snapshot)}\n\n`;
}
