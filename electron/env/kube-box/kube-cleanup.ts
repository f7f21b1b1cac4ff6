// What nslab left on a cluster, found by label (never by name): the learners'
// namespaces (box namespaces and the Kubernetes labs' own, both labelled
// nslab.learner) and any box pod outside them. Removing waits until the
// namespaces are really gone, so "nothing left" means nothing left.
import { ApiException, type CoreV1Api } from '@kubernetes/client-node';
import { LABEL_SESSION } from '../docker/labels';
import { LABEL_LEARNER } from '../kube/kube-environment';

export interface ClusterLeftovers {
  namespaces: string[];
  /** "namespace/name" of box pods outside those namespaces */
  pods: string[];
}

const GONE_TIMEOUT_MS = 180_000;

function session(sessionId: string | undefined): string {
  return sessionId ? `${LABEL_SESSION}=${sessionId}` : LABEL_SESSION;
}

export async function findClusterLeftovers(core: CoreV1Api, sessionId?: string): Promise<ClusterLeftovers> {
  const pods = await core.listPodForAllNamespaces({ labelSelector: session(sessionId) });
  // One session's leftovers are its pods; its learner's namespace may hold other sessions.
  const namespaces = sessionId ? [] : (await core.listNamespace({ labelSelector: LABEL_LEARNER })).items.map((n) => n.metadata!.name!);
  return {
    namespaces,
    pods: pods.items.map((p) => `${p.metadata!.namespace}/${p.metadata!.name}`).filter((p) => !namespaces.includes(p.split('/')[0]!)),
  };
}

export async function removeClusterLeftovers(core: CoreV1Api, sessionId?: string): Promise<ClusterLeftovers> {
  const found = await findClusterLeftovers(core, sessionId);
  const ignoreGone = (error: unknown) => {
    if (!(error instanceof ApiException && error.code === 404)) throw error;
  };
  await Promise.all([
    ...found.namespaces.map((name) => core.deleteNamespace({ name }).catch(ignoreGone)),
    ...found.pods.map((ref) => {
      const [namespace, name] = ref.split('/') as [string, string];
      return core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 0 }).catch(ignoreGone);
    }),
  ]);
  const deadline = Date.now() + GONE_TIMEOUT_MS;
  for (;;) {
    const left = await findClusterLeftovers(core, sessionId);
    if (left.namespaces.length === 0 && left.pods.length === 0) return found;
    if (Date.now() > deadline) {
      throw new Error(`still there after ${GONE_TIMEOUT_MS / 1000} s: ${[...left.namespaces.map((n) => `namespace ${n}`), ...left.pods.map((p) => `pod ${p}`)].join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
