// The storage and owners panels' live source: one informer per kind of object
// the binding graph and the ownership tree are made of, in the learner's
// namespace (PVs, StorageClasses, VolumeAttachments and nodes cluster-wide, then narrowed to the
// learner's). Every change rebuilds the snapshot with the same parser the
// grader's kubectl probe uses, so the panel shows what the checks judge.
import { KubeConfig } from '@kubernetes/client-node';
import { parseStorage } from '../../probes/storage/parse';
import type { StorageSnapshot } from '../../shared/storage-snapshot';
import { ListWatch, type ListWatchCounters } from './list-watch';

export interface StorageScope {
  kubeconfig: string;
  namespace: string;
  /** the learner's prefix on cluster-scoped names */
  prefix: string;
}

/** Changes that land together (a bind touches a PV and a PVC) make one snapshot. */
const COALESCE_MS = 15;

function sources(ns: string): { path: string; kind: string; scope: 'cluster' | 'namespaced' }[] {
  return [
    { path: '/api/v1/persistentvolumes', kind: 'PersistentVolume', scope: 'cluster' },
    { path: '/apis/storage.k8s.io/v1/storageclasses', kind: 'StorageClass', scope: 'cluster' },
    { path: '/apis/storage.k8s.io/v1/volumeattachments', kind: 'VolumeAttachment', scope: 'cluster' },
    // Nodes for status.volumesAttached: the attach/detach controller's record of what it attached.
    { path: '/api/v1/nodes', kind: 'Node', scope: 'cluster' },
    { path: `/api/v1/namespaces/${ns}/persistentvolumeclaims`, kind: 'PersistentVolumeClaim', scope: 'namespaced' },
    { path: `/api/v1/namespaces/${ns}/pods`, kind: 'Pod', scope: 'namespaced' },
    { path: `/apis/apps/v1/namespaces/${ns}/replicasets`, kind: 'ReplicaSet', scope: 'namespaced' },
    { path: `/apis/apps/v1/namespaces/${ns}/deployments`, kind: 'Deployment', scope: 'namespaced' },
    { path: `/apis/apps/v1/namespaces/${ns}/statefulsets`, kind: 'StatefulSet', scope: 'namespaced' },
    { path: `/api/v1/namespaces/${ns}/events`, kind: 'Event', scope: 'namespaced' },
  ];
}

export class StorageWatch {
  private readonly watches: { watch: ListWatch; scope: 'cluster' | 'namespaced' }[];
  private started = false;
  private pending: NodeJS.Timeout | undefined;

  constructor(
    private readonly scope: StorageScope,
    private readonly listener: (snapshot: StorageSnapshot) => void,
  ) {
    const config = new KubeConfig();
    config.loadFromFile(scope.kubeconfig);
    this.watches = sources(scope.namespace).map(({ path, kind, scope: s }) => ({
      watch: new ListWatch(config, path, kind, () => this.changed()),
      scope: s,
    }));
  }

  /** Resolves with the first snapshot, once every list is in. */
  async start(): Promise<StorageSnapshot> {
    await Promise.all(this.watches.map(({ watch }) => watch.start()));
    this.started = true;
    return this.snapshot();
  }

  async stop(): Promise<void> {
    clearTimeout(this.pending);
    this.started = false;
    await Promise.all(this.watches.map(({ watch }) => watch.stop()));
  }

  snapshot(): StorageSnapshot {
    const list = (scope: 'cluster' | 'namespaced') => ({
      items: this.watches.filter((w) => w.scope === scope).flatMap(({ watch }) => watch.objects()),
    });
    return parseStorage(list('cluster'), list('namespaced'), this.scope.namespace, this.scope.prefix);
  }

  /** Summed over every informer: how often it listed, watched, and what arrived. */
  counters(): ListWatchCounters {
    return this.watches.reduce(
      (sum, { watch }) => ({
        lists: sum.lists + watch.counters.lists,
        watches: sum.watches + watch.counters.watches,
        events: sum.events + watch.counters.events,
      }),
      { lists: 0, watches: 0, events: 0 },
    );
  }

  /** Drops every watch connection; each resumes where it was. */
  reconnect(): void {
    for (const { watch } of this.watches) watch.reconnect();
  }

  private changed(): void {
    if (!this.started || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      if (this.started) this.listener(this.snapshot());
    }, COALESCE_MS);
  }
}
