// Feeds the side panels from the probe beside the box: the agent follows the box
// (a namespace, mount or cgroup change is sent as it happens, the counters every
// WATCH_INTERVAL_MS) and sends only what changed, and a panel's snapshot is
// pushed only when its state changed, so the UI thread never polls and idle
// panels cost next to nothing.
import type { PanelKind, PanelSnapshots } from '../shared/api';
import type { BoxReading, BoxState } from './environment';

/** Receives a panel's snapshot each time its state changed. */
export type PanelListener = <K extends PanelKind>(panel: K, snapshot: NonNullable<PanelSnapshots[K]>) => void;

/**
 * How often the agent reads the box whole while panels are open: what no event
 * reports (CPU time, memory use) moves the charts at this pace. Changes of
 * namespaces, mounts and cgroups do not wait for it (see probes/agent/agent-program.ts).
 */
export const WATCH_INTERVAL_MS = 250;

/** What changed is the state, not the moment it was read. */
function fingerprint(snapshot: { takenAt: string }): string {
  return JSON.stringify({ ...snapshot, takenAt: undefined });
}

export class PanelFeed {
  private readonly fingerprints = new Map<PanelKind, string>();
  readonly latest: PanelSnapshots = {};
  private unwatch: (() => void) | undefined;

  constructor(
    private readonly state: BoxState,
    private readonly listener: PanelListener,
    private readonly intervalMs = WATCH_INTERVAL_MS,
  ) {}

  start(): void {
    this.unwatch ??= this.state.watch((reading) => this.offerAll(reading), this.intervalMs);
  }

  async stop(): Promise<void> {
    this.unwatch?.();
    this.unwatch = undefined;
  }

  /** One reading, now: the panels' first picture. */
  async readOnce(): Promise<void> {
    this.offerAll(await this.state.read());
  }

  private offerAll(reading: BoxReading): void {
    this.offer('namespaces', reading.namespaces);
    this.offer('mounts', reading.mounts);
    this.offer('cgroups', reading.cgroups);
    this.offer('net', reading.net);
  }

  private offer<K extends PanelKind>(panel: K, snapshot: NonNullable<PanelSnapshots[K]>): void {
    if (this.latest[panel] === snapshot) return; // the agent sent nothing new for this panel
    const print = fingerprint(snapshot);
    if (this.fingerprints.get(panel) === print) return;
    this.fingerprints.set(panel, print);
    (this.latest as Record<K, PanelSnapshots[K]>)[panel] = snapshot;
    this.listener(panel, snapshot);
  }
}
