// Where the app's Kubernetes labs run. Either a cluster the learner or the
// classroom names (a kubeconfig and a context, given at start), or the kind
// cluster "nslab" the app creates and deletes itself, with kind's stages shown
// as they happen. Either way each learner gets a namespace of their own.
import type { KindEvent } from '../env/kind/kind-output';
import { existingNslabKindCluster, KindCluster, nslabKindCluster } from '../env/kind/kind-cluster';
import { detectKindTools, requireKindTools } from '../env/kind/kind-tools';
import { EnvironmentError } from '../env/errors';
import type { KubeTarget } from '../env/kube/kube-environment';
import type { ClusterProgress, ClusterStatus, NslabEvent } from '../shared/api';

export interface ClusterServiceOptions {
  /** a cluster named at start; then the app never creates one */
  given?: KubeTarget;
  /** who the learner is on a kind cluster (their namespace's name) */
  learner: string;
  emit: (event: NslabEvent) => void;
}

export class ClusterService {
  private busy: Promise<ClusterStatus> | undefined;

  constructor(private readonly options: ClusterServiceOptions) {}

  async status(): Promise<ClusterStatus> {
    const given = this.options.given;
    if (given) {
      return { source: 'kubeconfig', ready: true, detail: `${given.context ?? 'the current context'} in ${given.kubeconfig}`, tools: [] };
    }
    const report = await detectKindTools();
    let cluster: KindCluster;
    try {
      cluster = new KindCluster(requireKindTools(report));
    } catch (error) {
      const { message, fix } = error as EnvironmentError;
      return { source: 'kind', ready: false, detail: message, ...(fix ? { fix } : {}), tools: report.checks };
    }
    const exists = await cluster.exists();
    return {
      source: 'kind',
      ready: exists,
      detail: exists ? `kind cluster ${cluster.name} (${cluster.kubeconfigPath})` : `There is no kind cluster ${cluster.name} yet.`,
      ...(exists ? {} : { fix: 'Create it: about a minute once kind has its node image.' }),
      tools: report.checks,
    };
  }

  /** The cluster a Kubernetes lab opens on, or a clear error saying what to do first. */
  async target(): Promise<KubeTarget> {
    if (this.options.given) return this.options.given;
    return (await existingNslabKindCluster()).kubeTarget(this.options.learner);
  }

  /** Creates the kind cluster; kind's stages arrive as 'cluster' events. One at a time. */
  create(): Promise<ClusterStatus> {
    this.busy ??= this.lifecycle('create').finally(() => (this.busy = undefined));
    return this.busy;
  }

  delete(): Promise<ClusterStatus> {
    this.busy ??= this.lifecycle('delete').finally(() => (this.busy = undefined));
    return this.busy;
  }

  /** Never throws: a failure is in the returned status, with what to do about it. */
  private async lifecycle(action: 'create' | 'delete'): Promise<ClusterStatus> {
    if (this.options.given) {
      return { ...(await this.status()), error: `nslab was started on ${this.options.given.kubeconfig}; it does not ${action} clusters then.` };
    }
    try {
      const cluster = await nslabKindCluster();
      const onEvent = (event: KindEvent) => this.options.emit({ type: 'cluster', action, progress: progressOf(event) });
      if (action === 'create') await cluster.create({ onEvent });
      else await cluster.delete(onEvent);
      return this.status();
    } catch (error) {
      const { message, fix } = error as Partial<EnvironmentError>;
      return { ...(await this.status()), error: [message ?? String(error), fix].filter(Boolean).join(' ') };
    }
  }
}

function progressOf(event: KindEvent): ClusterProgress {
  return event.type === 'stage' ? { kind: 'stage', title: event.title, state: event.state } : { kind: event.type, text: event.text };
}
