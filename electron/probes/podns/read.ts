// I/O half of the pod namespace probe: ask the API server which node runs the
// pod and whether kind made that node, find the node's container on the Docker
// engine, and run the script there, where crictl sees the node's containerd.
import type Docker from 'dockerode';
import { execInContainer } from '../../env/docker/exec';
import { kindNodes, kindProviderId } from '../../env/kind/kind-nodes';
import type { KubeEnvironment } from '../../env/kube/kube-environment';
import type { PodNamespaceReading } from '../../shared/pod-namespace-snapshot';
import { parsePodNamespaceProbe } from './parse';
import { POD_NAMESPACE_PROBE_SCRIPT } from './script';

/** A DNS-1123 subdomain, what Kubernetes allows as a pod name. */
const POD_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

// The node's providerID may be unreadable to a learner without rights on nodes: then it is not known to be kind.
const WHERE_SCRIPT = `node=$(kubectl get pod "$NSLAB_POD" -o jsonpath='{.spec.nodeName}') || exit
echo "$node"
[ -z "$node" ] || kubectl get node "$node" -o jsonpath='{.spec.providerID}' 2>/dev/null || true`;

export async function readPodNamespaces(env: Pick<KubeEnvironment, 'namespace' | 'exec'>, docker: Docker, pod: string): Promise<PodNamespaceReading> {
  if (!POD_NAME.test(pod)) return { available: false, reason: `"${pod}" cannot name a pod.` };
  const where = await env.exec(WHERE_SCRIPT, { timeoutMs: 15_000, env: [`NSLAB_POD=${pod}`] });
  if (where.exitCode !== 0) return { available: false, reason: `No pod ${pod} in ${env.namespace}: ${where.stderr.trim()}` };
  const [node = '', providerId = ''] = where.stdout.split('\n');
  if (node === '') return { available: false, reason: `The pod ${pod} is not on a node yet (Pending).` };

  const kind = kindProviderId(providerId);
  const container = kind && (await kindNodes(docker, kind.cluster)).find((n) => n.name === kind.node);
  if (!container) {
    return {
      available: false,
      reason:
        `Pod namespaces need kind: they are read with crictl inside the node's container, and the node ${node} ` +
        `is not a node container of a kind cluster on this Docker engine${providerId ? ` (its providerID: ${providerId})` : ''}. ` +
        'Run the lab on the kind cluster: `nslab cluster create`.',
    };
  }
  if (!container.running) return { available: false, reason: `The kind node ${node} is stopped: \`docker start ${node}\`.` };

  const result = await execInContainer(docker.getContainer(container.id), POD_NAMESPACE_PROBE_SCRIPT, {
    timeoutMs: 15_000,
    env: [`NSLAB_POD_NAMESPACE=${env.namespace}`, `NSLAB_POD_NAME=${pod}`],
  });
  if (result.exitCode !== 0 && result.stdout.trim() === '') {
    throw new Error(`pod namespace probe failed on ${node} (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
  const snapshot = parsePodNamespaceProbe(result.stdout, { namespace: env.namespace, pod, node });
  return snapshot ? { available: true, snapshot } : { available: false, reason: `The pod ${pod} has no ready sandbox on ${node} yet.` };
}
