// I/O half of the pod namespace probe: ask the API server which node runs the
// pod and what runs that node, and run the script on the node (env/kube/
// node-shell.ts), where crictl sees the node's containerd.
import type Docker from 'dockerode';
import type { KubeEnvironment } from '../../env/kube/kube-environment';
import { nodeShell } from '../../env/kube/node-shell';
import type { PodNamespaceReading } from '../../shared/pod-namespace-snapshot';
import { parsePodNamespaceProbe } from './parse';
import { POD_NAMESPACE_PROBE_SCRIPT } from './script';

/** A DNS-1123 subdomain, what Kubernetes allows as a pod name. */
const POD_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

// The node's providerID may be unreadable to a learner without rights on nodes: then it is not known to be kind.
const WHERE_SCRIPT = `node=$(kubectl get pod "$NSLAB_POD" -o jsonpath='{.spec.nodeName}') || exit
echo "$node"
[ -z "$node" ] || kubectl get node "$node" -o jsonpath='{.spec.providerID}' 2>/dev/null || true`;

export async function readPodNamespaces(env: Pick<KubeEnvironment, 'namespace' | 'nslabExec'>, docker: Docker, pod: string): Promise<PodNamespaceReading> {
  if (!POD_NAME.test(pod)) return { available: false, reason: `"${pod}" cannot name a pod.` };
  const where = await env.nslabExec(WHERE_SCRIPT, { timeoutMs: 15_000, env: [`NSLAB_POD=${pod}`] });
  if (where.exitCode !== 0) return { available: false, reason: `No pod ${pod} in ${env.namespace}: ${where.stderr.trim()}` };
  const [node = '', providerId = ''] = where.stdout.split('\n');
  if (node === '') return { available: false, reason: `The pod ${pod} is not on a node yet (Pending).` };

  const shell = await nodeShell(docker, node, providerId);
  if ('stopped' in shell) return { available: false, reason: shell.stopped };
  if ('unknown' in shell) {
    return {
      available: false,
      reason: `Pod namespaces need kind: they are read with crictl inside the node's container, and ${shell.unknown}. Run the lab on the kind cluster: \`nslab cluster create\`.`,
    };
  }
  const result = await shell.run(POD_NAMESPACE_PROBE_SCRIPT, { NSLAB_POD_NAMESPACE: env.namespace, NSLAB_POD_NAME: pod });
  if (result.exitCode !== 0 && result.stdout.trim() === '') {
    throw new Error(`pod namespace probe failed on ${node} (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
  const snapshot = parsePodNamespaceProbe(result.stdout, { namespace: env.namespace, pod, node });
  return snapshot ? { available: true, snapshot } : { available: false, reason: `The pod ${pod} has no ready sandbox on ${node} yet.` };
}
