// The box's state as the probe agent streams it: keeps the latest text of each
// section, parses it with the probe's pure parser when it changed, answers reads
// (a reading begun after the call) and pushes changes to watchers. One stream
// feeds the panels and the checks alike.
import type { BoxReading, BoxState, FileReading } from '../../engine/environment';
import { parseCgroupProbe } from '../cgroup/parse';
import { parseMountsProbe } from '../mounts/parse';
import { parseNamespaceProbe } from '../ns/parse';
import { parseNetProbe } from '../net/parse';
import { agentCommand, FrameDecoder, type Frame } from './frames';

/** A running agent: its stdin, its stdout in chunks, and its end. */
export interface AgentConnection {
  write(line: string): void;
  onData(listener: (chunk: Buffer) => void): void;
  /** resolves when the agent is gone, with what it said on stderr */
  readonly closed: Promise<string>;
  close(): void;
}

/**
 * Opens agents for a box nslab has just made: the first is told the box is new
 * (so its journal of exits begins with the box, agent-program.ts), the ones
 * started after it (a learner killed one) are not.
 */
export function agentsOfNewBox(open: (boxIsNew: boolean) => Promise<AgentConnection>): () => Promise<AgentConnection> {
  let first = true;
  return () => {
    const boxIsNew = first;
    first = false;
    return open(boxIsNew);
  };
}

const PARSERS = { ns: parseNamespaceProbe, mounts: parseMountsProbe, cgroups: parseCgroupProbe, net: parseNetProbe };
type Section = keyof typeof PARSERS;
const REQUEST_TIMEOUT_MS = 15_000;

export interface BoxProbeOptions {
  /**
   * How long the agent may take to answer before it has answered anything: its
   * start (an exec, perl loading, a first walk of /proc) is in it, seconds on a
   * slow node. REQUEST_TIMEOUT_MS unless the backend knows its node is slower.
   */
  firstAnswerMs?: number;
}
/** a learner may kill the agent (it is visible in the box's PID namespace): start it again after this */
const RESTART_PAUSE_MS = 250;

interface Pending {
  resolve(frame: Frame): void;
  reject(error: Error): void;
}

interface Watcher {
  listener: (reading: BoxReading) => void;
  intervalMs: number;
}

export class BoxProbe implements BoxState {
  private connection: Promise<AgentConnection> | undefined;
  /** the agent `connection` resolved to: a stream that ends or is dropped later is no longer it */
  private live: AgentConnection | undefined;
  private readonly sections: Record<Section, { text: string; at: string; snapshot?: ReturnType<(typeof PARSERS)[Section]> }> = {
    ns: { text: '', at: '' },
    mounts: { text: '', at: '' },
    cgroups: { text: '', at: '' },
    net: { text: '', at: '' },
  };
  private readonly pending = new Map<number, Pending>();
  private readonly watchers = new Set<Watcher>();
  private changed = false;
  /** when the latest reading began, on the box kernel's monotonic clock (ms) */
  private readAtMs: number | undefined;
  private nextId = 1;
  private disposed = false;
  private answered = false;

  constructor(
    private readonly open: () => Promise<AgentConnection>,
    private readonly options: BoxProbeOptions = {},
  ) {}

  async read(): Promise<BoxReading> {
    await this.request('sync');
    return this.reading();
  }

  watch(listener: (reading: BoxReading) => void, intervalMs: number): () => void {
    const watcher = { listener, intervalMs };
    this.watchers.add(watcher);
    void this.sendWatch();
    return () => {
      this.watchers.delete(watcher);
      void this.sendWatch();
    };
  }

  async readFile(path: string, maxBytes: number): Promise<FileReading> {
    const { payload } = await this.request('file', [path, String(maxBytes)]);
    return payload.startsWith('ok\n') ? { text: payload.slice(3) } : { error: payload.replace(/^error /, '') };
  }

  async listOverlay(pid: number, upperDir: string | undefined, lowerDirs: readonly string[]): Promise<string> {
    const { payload } = await this.request('overlay', [String(pid), upperDir ?? '', ...lowerDirs]);
    if (!payload.startsWith('ok\n')) throw new Error(`overlay probe failed: ${payload.replace(/^error /, '')}`);
    return payload.slice(3);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.watchers.clear();
    const connection = await this.connection?.catch(() => undefined);
    connection?.close();
  }

  /**
   * The latest sections, each parsed once per text the agent sent. An unchanged
   * section is as current as the latest reading: the cgroups carry its time.
   */
  private reading(): BoxReading {
    const cgroups = this.parsed('cgroups');
    return {
      namespaces: this.parsed('ns'),
      mounts: this.parsed('mounts'),
      cgroups: this.readAtMs === undefined ? cgroups : { ...cgroups, monotonicMs: this.readAtMs },
      net: this.parsed('net'),
    };
  }

  private parsed<S extends Section>(section: S): ReturnType<(typeof PARSERS)[S]> {
    const entry = this.sections[section];
    entry.snapshot ??= PARSERS[section](entry.text, entry.at);
    return entry.snapshot as ReturnType<(typeof PARSERS)[S]>;
  }

  private async request(name: 'sync' | 'file' | 'overlay', args: readonly string[] = [], retried = false): Promise<Frame> {
    const connection = await this.connect();
    const id = this.nextId++;
    const timeoutMs = this.answered ? REQUEST_TIMEOUT_MS : (this.options.firstAnswerMs ?? REQUEST_TIMEOUT_MS);
    return new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        // An agent that does not answer is let go, and the request asked once
        // more of a new one: Docker (20.10) does not end an exec's stream when the
        // container stops under it (a learner's kill -9 -1 ends the probe's sleep
        // too), and a stream never ended held every later request of the box.
        this.drop(connection);
        if (!retried) resolve(this.request(name, args, true));
        else reject(new Error(`the probe agent did not answer ${name} in ${Math.round(timeoutMs / 1000)} s, nor did a new one`));
      }, timeoutMs);
      const settle = <T>(fn: (value: T) => void) => (value: T) => (clearTimeout(timer), this.pending.delete(id), fn(value));
      this.pending.set(id, { resolve: settle(resolve), reject: settle(reject) });
      connection.write(agentCommand(name, id, args));
    });
  }

  private async sendWatch(): Promise<void> {
    const intervals = [...this.watchers].map((w) => w.intervalMs);
    const connection = await this.connect().catch(() => undefined);
    connection?.write(agentCommand('watch', intervals.length ? Math.min(...intervals) : 0));
  }

  private connect(): Promise<AgentConnection> {
    if (this.disposed) return Promise.reject(new Error('the probe is disposed'));
    this.connection ??= this.open().then((connection) => {
      const decoder = new FrameDecoder();
      connection.onData((chunk) => {
        try {
          for (const frame of decoder.push(chunk)) this.onFrame(frame);
        } catch (error) {
          this.failAll(error as Error);
          connection.close();
        }
      });
      void connection.closed.then((stderr) => this.onClosed(connection, stderr));
      this.live = connection;
      return connection;
    });
    this.connection.catch(() => (this.connection = undefined));
    return this.connection;
  }

  private onFrame(frame: Frame): void {
    this.answered = true;
    switch (frame.kind) {
      case 'ns':
      case 'mounts':
      case 'cgroups':
      case 'net':
        this.sections[frame.kind] = { text: frame.payload, at: new Date().toISOString() };
        this.changed = true;
        return;
      case 'round': {
        const began = Number(frame.payload);
        if (frame.payload !== '' && Number.isFinite(began)) this.readAtMs = began * 1000;
        if (this.changed && this.watchers.size > 0) this.notify();
        this.changed = false;
        return;
      }
      case 'error':
        this.pending.get(frame.id)?.reject(new Error(`probe agent: ${frame.payload}`));
        return;
      default:
        this.pending.get(frame.id)?.resolve(frame);
    }
  }

  private notify(): void {
    let reading: BoxReading;
    try {
      reading = this.reading();
    } catch {
      return; // a section cut mid-change by a process exiting; the next round has it whole
    }
    for (const watcher of this.watchers) watcher.listener(reading);
  }

  /** Lets go of an agent: the next request starts another. */
  private drop(connection: AgentConnection): void {
    if (this.live === connection) (this.live = undefined), (this.connection = undefined);
    connection.close();
  }

  private onClosed(connection: AgentConnection, stderr: string): void {
    if (this.live !== connection) return; // dropped already, another may run
    this.live = undefined;
    this.connection = undefined;
    this.failAll(new Error(`the probe agent stopped${stderr.trim() ? `: ${stderr.trim()}` : ''}`));
    if (this.disposed || this.watchers.size === 0) return;
    setTimeout(() => void this.sendWatch(), RESTART_PAUSE_MS);
  }

  private failAll(error: Error): void {
    for (const pending of [...this.pending.values()]) pending.reject(error);
  }
}
