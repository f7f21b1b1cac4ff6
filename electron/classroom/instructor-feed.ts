// The instructor page's live feed: Server-Sent Events. A page gets the whole
// snapshot once, then only changes: the rows of the learners who joined or
// reported, and the columns when they changed. Changes are coalesced (at most
// one event per interval), so thirty learners reporting at once cost the page
// a few small events, and a class of hundreds is never re-sent whole.
import type { ServerResponse } from 'node:http';
import type { InstructorSnapshot, TableChange, TableLab, TableRow } from '../shared/classroom';

/** A page or two per instructor; more is someone else. */
const MAX_WATCHERS = 16;
const HEARTBEAT_MS = 15_000;
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface FeedSource {
  snapshot(): InstructorSnapshot;
  labs(): TableLab[];
  /** the row of `learner` as the table has it now */
  row(learner: string): TableRow | undefined;
}

export class InstructorFeed {
  private readonly watchers = new Set<ServerResponse>();
  private readonly changedLearners = new Set<string>();
  private pending: NodeJS.Timeout | undefined;
  private lastSent = 0;
  /** the columns as the watchers last heard of them */
  private sentLabs = '';
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly source: FeedSource,
    private readonly intervalMs = 250,
  ) {
    // Comment lines keep proxies and idle timers from closing a quiet feed.
    this.heartbeat = setInterval(() => this.write(': keep-alive\n\n'), HEARTBEAT_MS).unref();
  }

  /** Starts streaming to `res` with the current snapshot; false when the feed is full. */
  watch(res: ServerResponse): boolean {
    if (this.watchers.size >= MAX_WATCHERS) return false;
    // Changes waiting to go out are in this snapshot; the others get them as changes.
    const snapshot = this.source.snapshot();
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.write(event('snapshot', snapshot));
    this.watchers.add(res);
    res.on('close', () => this.watchers.delete(res));
    return true;
  }

  /** `learner` joined or reported: the watchers hear of it within one interval. */
  changed(learner: string): void {
    if (this.watchers.size === 0) return;
    this.changedLearners.add(learner);
    if (this.pending) return;
    const wait = Math.max(0, this.lastSent + this.intervalMs - Date.now());
    this.pending = setTimeout(() => this.send(), wait);
  }

  close(): void {
    clearInterval(this.heartbeat);
    clearTimeout(this.pending);
    for (const res of this.watchers) res.end();
    this.watchers.clear();
  }

  private send(): void {
    this.pending = undefined;
    this.lastSent = Date.now();
    const rows = [...this.changedLearners].flatMap((learner) => this.source.row(learner) ?? []);
    this.changedLearners.clear();
    const labs = this.source.labs();
    const labsText = JSON.stringify(labs);
    const change: TableChange = { rows, ...(labsText === this.sentLabs ? {} : { labs }) };
    this.sentLabs = labsText;
    this.write(event('change', change));
  }

  private write(text: string): void {
    for (const res of this.watchers) {
      // A page that stops reading is dropped, not buffered for without end.
      if (res.writableLength > MAX_BUFFERED_BYTES) res.destroy();
      else res.write(text);
    }
  }
}

function event(name: string, data: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}
