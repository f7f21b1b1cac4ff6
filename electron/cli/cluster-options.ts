// The options that say which cluster Kubernetes labs use, shared by the
// commands that run them (grade, serve): a kubeconfig of the learner's or a
// classroom's, a context in it, and who the learner is there.
import { defaultLearner, type KubeTarget } from '../env/kube/kube-environment';

export const CLUSTER_OPTIONS = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  learner: { type: 'string', default: defaultLearner() },
} as const;

export const CLUSTER_USAGE = '[--kubeconfig FILE] [--context NAME] [--learner NAME]';

/** The cluster the options name ($NSLAB_KUBECONFIG when --kubeconfig is absent), or none. */
export function clusterTarget(values: { kubeconfig?: string; context?: string; learner: string }): KubeTarget | undefined {
  const kubeconfig = values.kubeconfig ?? process.env.NSLAB_KUBECONFIG;
  if (!kubeconfig) return undefined;
  return { kubeconfig, learner: values.learner, ...(values.context ? { context: values.context } : {}) };
}
