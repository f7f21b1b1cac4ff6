// Feeds the side panels: reads the probes on a bounded interval in the main
// process and pushes a panel's snapshot only when its state changed, so the UI
// thread never polls and idle panels cost nothing.
import { readCgroups } from '../probes/cgroup/read';
import { readMounts } from '../probes/mounts/read';
import { readNamespaces } from '../probes/ns/read';
import type { PanelKind, PanelSnapshots } from '../shared/api';
import { mountNamespaceRepresentatives } from './checks/mount-checks';
import type { LabEnvironment } from './environment';

/** Receives a panel's snapshot each time its state changed. */
export type PanelListener = <K extends PanelKind>(panel: K, snapshot: NonNullable<PanelSnapshots[K]>) => void;

/** What changed is the state, not the moment it was read. */
function fingerprint(snapshot: { takenAt: string }): string {
  return JSON.stringify({ ...snapshot, takenAt: undefined });
}

export class PanelFeed {
  private running = false;
  private readonly fingerprints = new Map<PanelKind, string>();
  readonly latest: PanelSnapshots = {};
  private loop: Promise<void> | undefined;

  constructor(
    private readonly env: LabEnvironment,
    private readonly listener: PanelListener,
    /** pause between two rounds of reads */
    private readonly pauseMs = 20,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** One round. The namespace probe runs alone: the others' processes would show in its list. */
  async readOnce(): Promise<void> {
    const namespaces = await readNamespaces(this.env);
    this.offer('namespaces', namespaces);
    const [mounts, cgroups] = await Promise.allSettled([
      readMounts(this.env, mountNamespaceRepresentatives(namespaces)),
      readCgroups(this.env),
    ]);
    if (mounts.status === 'fulfilled') this.offer('mounts', mounts.value);
    if (cgroups.status === 'fulfilled') this.offer('cgroups', cgroups.value);
  }

  private offer<K extends PanelKind>(panel: K, snapshot: NonNullable<PanelSnapshots[K]>): void {
    const print = fingerprint(snapshot);
    if (this.fingerprints.get(panel) === print) return;
    this.fingerprints.set(panel, print);
    (this.latest as Record<K, PanelSnapshots[K]>)[panel] = snapshot;
    this.listener(panel, snapshot);
  }

  private async run(): Promise<void> {
    while (this.running) {
      // A box being torn down fails its reads: that ends nothing, the next round tries again.
      await this.readOnce().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
    }
  }
}
