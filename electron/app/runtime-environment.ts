// What an open lab runs on, seen from the app: the lab box for kernel labs, a
// learner's namespace on a cluster for Kubernetes labs. Each gives the grader
// its environment, the terminals their shell, the panels their live source,
// and can be reset or disposed as a whole.
import { PanelFeed, type PanelListener } from '../engine/panel-feed';
import type { LabEnvironment } from '../engine/environment';
import type { Box } from '../env/box-backend';
import type { KubeEnvironment } from '../env/kube/kube-environment';
import { CsiCallWatch } from '../env/kube/csi-call-watch';
import { StorageWatch } from '../env/kube/storage-watch';
import type Docker from 'dockerode';
import { readPodNamespaces } from '../probes/podns/read';
import type { PanelSnapshots, PanelTab } from '../shared/api';
import type { PodNamespaceReading } from '../shared/pod-namespace-snapshot';
import { spawnPty, type TerminalProcess } from '../terminals/terminal-process';

export interface PanelSource {
  /** the latest snapshot of each panel this environment has */
  readonly latest: PanelSnapshots;
  /** resolves once `latest` holds a first snapshot; changes go to the listener after */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface RuntimeEnvironment {
  readonly env: LabEnvironment;
  /** what the session is called in labels, and in the UI */
  readonly sessionId: string;
  /** which panels make sense here, in the order they are offered */
  readonly panels: readonly PanelTab[];
  /** a learner's terminal, `cols` × `rows` */
  openTerminal(cols: number, rows: number): TerminalProcess;
  panelSource(listener: PanelListener): PanelSource;
  /** a pod's processes on its node: only a cluster has pods */
  podNamespaces(pod: string): Promise<PodNamespaceReading>;
  /** a clean start: the same session, nothing of what the learner did */
  reset(): Promise<RuntimeEnvironment>;
  dispose(): Promise<void>;
}

export function boxRuntime(box: Box): RuntimeEnvironment {
  return {
    env: box,
    sessionId: box.sessionId,
    panels: ['namespaces', 'mounts', 'cgroups', 'net'],
    openTerminal: (cols, rows) => box.openTerminal(cols, rows),
    panelSource(listener) {
      const feed = new PanelFeed(box.state, listener);
      return {
        latest: feed.latest,
        async start() {
          await feed.readOnce();
          feed.start();
        },
        stop: () => feed.stop(),
      };
    },
    podNamespaces: async () => ({ available: false, reason: 'A kernel lab has no pods: its processes are in the namespaces panel.' }),
    reset: async () => boxRuntime(await box.reset()),
    dispose: () => box.dispose(),
  };
}

/** `csiLog`: the CSI driver's call log (KubeEnvironment.csiLog); without one the csi tab draws what the cluster's objects say. */
export function kubeRuntime(kube: KubeEnvironment, connect: () => Promise<Docker>, csiLog?: string): RuntimeEnvironment {
  return {
    env: kube,
    sessionId: kube.namespace,
    panels: ['storage', 'owners', 'csi'],
    openTerminal: (cols, rows) => spawnPty(kube.shellCommand(), cols, rows),
    panelSource(listener) {
      const latest: PanelSnapshots = {};
      const offer = <K extends 'storage' | 'csi'>(panel: K, snapshot: NonNullable<PanelSnapshots[K]>) => {
        latest[panel] = snapshot;
        listener(panel, snapshot);
      };
      const watch = new StorageWatch({ kubeconfig: kube.kubeconfig, namespace: kube.namespace, prefix: kube.prefix }, (s) => offer('storage', s));
      const calls = csiLog ? new CsiCallWatch(csiLog, (s) => offer('csi', s)) : undefined;
      return {
        latest,
        async start() {
          latest.storage = await watch.start();
          latest.csi = calls ? await calls.start() : { takenAt: new Date().toISOString(), source: { none: 'no CSI driver log on this machine (NSLAB_CSI_LOG): the calls are inferred from the cluster\'s objects' }, calls: [] };
        },
        stop: async () => {
          await Promise.all([watch.stop(), calls?.stop()]);
        },
      };
    },
    podNamespaces: async (pod) => readPodNamespaces(kube, await connect(), pod),
    async reset() {
      await kube.reset();
      return kubeRuntime(kube, connect, csiLog);
    },
    dispose: () => kube.dispose(),
  };
}
