// An informer for one kind of Kubernetes object: list once, then follow a watch
// from the list's resourceVersion, keeping a cache of every object. When the
// apiserver no longer holds the version we resume from (410 Gone, as a status
// or as a watch ERROR event) the cache is rebuilt from a fresh list; any other
// failure is retried with a bounded backoff from the last version seen, so the
// panels never go back to polling. Objects stay raw JSON, exactly what the
// probes' parsers read from `kubectl -o json`.
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import fetch from 'node-fetch';
import { InterruptiblePause } from '../../shared/interruptible-pause';

export type KubeObject = Record<string, unknown> & {
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
};

interface ListResponse {
  metadata?: { resourceVersion?: string };
  items?: KubeObject[];
}

/** How a watch connection ended. */
type WatchEnd = 'closed' | 'gone' | { error: Error };

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5_000;

export interface ListWatchCounters {
  /** full lists: the first one, then one per 410 Gone */
  lists: number;
  /** watch connections opened */
  watches: number;
  /** events received over watches */
  events: number;
}

export class ListWatch {
  private readonly cache = new Map<string, KubeObject>();
  private resourceVersion = '';
  private running = false;
  private loop: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private readonly pause = new InterruptiblePause();
  private lastError: Error | undefined;
  readonly counters: ListWatchCounters = { lists: 0, watches: 0, events: 0 };

  constructor(
    private readonly config: KubeConfig,
    /** e.g. /api/v1/namespaces/nslab-ada/persistentvolumeclaims */
    readonly path: string,
    /** the kind the list's items carry (lists leave `kind` off their items) */
    private readonly kind: string,
    /** called after every change of the cache, on the first list too */
    private readonly onChange: () => void,
  ) {}

  /** Resolves once the first list is in the cache; rejects when that list fails. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.list();
    this.loop = this.follow();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort?.abort();
    this.pause.interrupt();
    await this.loop;
  }

  /** Drops the watch connection and resumes from the last version seen, as after a network change. */
  reconnect(): void {
    this.abort?.abort();
  }

  objects(): KubeObject[] {
    return [...this.cache.values()];
  }

  /** why the watch is retrying, while it is */
  get error(): Error | undefined {
    return this.lastError;
  }

  private async list(): Promise<void> {
    const options = await this.config.applyToFetchOptions({});
    const response = await fetch(this.url(), options);
    if (!response.ok) throw new Error(`listing ${this.path}: ${response.status} ${await response.text()}`);
    const list = (await response.json()) as ListResponse;
    this.counters.lists++;
    this.cache.clear();
    for (const item of list.items ?? []) this.cache.set(keyOf(item), { kind: this.kind, ...item });
    this.resourceVersion = list.metadata?.resourceVersion ?? '';
    this.onChange();
  }

  private url(): string {
    const cluster = this.config.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig names no current cluster');
    return cluster.server + this.path;
  }

  private async follow(): Promise<void> {
    let retryMs = RETRY_MIN_MS;
    while (this.running) {
      const end = await this.watchOnce().catch((error: Error) => ({ error }));
      if (!this.running) return;
      try {
        if (end === 'gone') await this.list();
        else if (end !== 'closed') throw end.error;
        this.lastError = undefined;
        retryMs = RETRY_MIN_MS;
      } catch (error) {
        this.lastError = error as Error;
        await this.pause.wait(retryMs);
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      }
    }
  }

  private watchOnce(): Promise<WatchEnd> {
    return new Promise((resolve, reject) => {
      let gone = false;
      this.counters.watches++;
      const params = { resourceVersion: this.resourceVersion, allowWatchBookmarks: true };
      new Watch(this.config)
        .watch(
          this.path,
          params,
          (type: string, object: KubeObject) => {
            this.counters.events++;
            if (type === 'ERROR') {
              if ((object as { code?: number }).code === 410) gone = true;
              return;
            }
            this.resourceVersion = object.metadata?.resourceVersion ?? this.resourceVersion;
            if (type === 'BOOKMARK') return;
            if (type === 'DELETED') this.cache.delete(keyOf(object));
            else this.cache.set(keyOf(object), object);
            this.onChange();
          },
          (error: unknown) => {
            const status = (error as { statusCode?: number } | null)?.statusCode;
            if (gone || status === 410) resolve('gone');
            else if (error && (error as Error).name !== 'AbortError') resolve({ error: error as Error });
            else resolve('closed');
          },
        )
        .then((abort) => {
          this.abort = abort;
          // stop() may have come while the connection was being made: nothing else would end it.
          if (!this.running) abort.abort();
        }, reject);
    });
  }
}

function keyOf(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}
