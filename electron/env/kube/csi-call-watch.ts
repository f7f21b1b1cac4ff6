// The CSI panel's call feed: follows the teaching driver's call log (JSON
// lines, appended by the driver as each call ends) and hands the newest calls
// on whenever the file grows. fs.watch wakes it; only what was appended since
// the last read is read.
import { watch, type FSWatcher } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { parseCsiCallLog } from '../../csi/call-log';
import type { CsiCall, CsiSnapshot } from '../../shared/csi-call';

/** The panel shows a volume's life, not a driver's history: the newest calls suffice. */
export const KEPT_CALLS = 200;

export class CsiCallWatch {
  private calls: CsiCall[] = [];
  private offset = 0;
  /** a line the driver had not finished when it was read */
  private partial = '';
  private watcher: FSWatcher | undefined;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: string,
    private readonly listener: (snapshot: CsiSnapshot) => void,
  ) {}

  snapshot(): CsiSnapshot {
    return { takenAt: new Date().toISOString(), source: { log: this.log }, calls: [...this.calls] };
  }

  async start(): Promise<CsiSnapshot> {
    await this.readNew();
    // The directory, not the file: the log may not exist yet, and may be replaced.
    this.watcher = watch(dirname(this.log), (_event, name) => {
      if (name === null || name === basename(this.log)) this.reading = this.reading.then(() => this.readNew()).then(() => this.listener(this.snapshot()));
    });
    return this.snapshot();
  }

  async stop(): Promise<void> {
    this.watcher?.close();
    await this.reading;
  }

  private async readNew(): Promise<void> {
    const size = await stat(this.log).then((s) => s.size, () => 0);
    // A shorter file is a new log (the driver restarted on a fresh root): start over.
    if (size < this.offset) [this.offset, this.partial, this.calls] = [0, '', []];
    if (size === this.offset) return;
    const file = await open(this.log, 'r');
    try {
      const buffer = Buffer.alloc(size - this.offset);
      await file.read(buffer, 0, buffer.length, this.offset);
      this.offset = size;
      const text = this.partial + buffer.toString('utf8');
      const end = text.lastIndexOf('\n') + 1;
      this.partial = text.slice(end);
      this.calls = [...this.calls, ...parseCsiCallLog(text.slice(0, end))].slice(-KEPT_CALLS);
    } finally {
      await file.close();
    }
  }
}
