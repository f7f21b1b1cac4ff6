// I/O half of the pod namespace probe: ask the API server which node runs the
// pod and what runs that node, and run the script on the node, where crictl
// sees the node's containerd: inside the node's container on the Docker engine
// (kind), or in the nslab guest over its ssh (the guest's own node).
import type Docker from 'dockerode';
import type { ExecResult } from '../../engine/environment';
import { execInContainer } from '../../env/docker/exec';
import { GuestVm } from '../../env/guest';
import { guestProviderId } from '../../env/guest/guest-node-id';
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

export async function readPodNamespaces(env: Pick<KubeEnvironment, 'namespace' | 'nslabExec'>, docker: Docker, pod: string): Promise<PodNamespaceReading> {
  if (!POD_NAME.test(pod)) return { available: false, reason: `"${pod}" cannot name a pod.` };
  const where = await env.nslabExec(WHERE_SCRIPT, { timeoutMs: 15_000, env: [`NSLAB_POD=${pod}`] });
  if (where.exitCode !== 0) return { available: false, reason: `No pod ${pod} in ${env.namespace}: ${where.stderr.trim()}` };
  const [node = '', providerId = ''] = where.stdout.split('\n');
  if (node === '') return { available: false, reason: `The pod ${pod} is not on a node yet (Pending).` };

  const shell = await nodeShell(docker, node, providerId);
  if ('reason' in shell) return { available: false, reason: shell.reason };
  const result = await shell.run({ NSLAB_POD_NAMESPACE: env.namespace, NSLAB_POD_NAME: pod });
  if (result.exitCode !== 0 && result.stdout.trim() === '') {
    throw new Error(`pod namespace probe failed on ${node} (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
  const snapshot = parsePodNamespaceProbe(result.stdout, { namespace: env.namespace, pod, node });
  return snapshot ? { available: true, snapshot } : { available: false, reason: `The pod ${pod} has no ready sandbox on ${node} yet.` };
}

type NodeShell = { run(env: Record<string, string>): Promise<ExecResult> } | { reason: string };

/** Where the probe script runs for this node: its kind container, or the nslab guest; else why it cannot. */
async function nodeShell(docker: Docker, node: string, providerId: string): Promise<NodeShell> {
  if (guestProviderId(providerId)) {
    const guest = new GuestVm();
    if (!(await guest.status()).running) return { reason: `The node ${node} is the nslab guest's, which is not running: \`nslab guest up\`.` };
    // Each crictl call is seconds under emulation: the probe gets two minutes there.
    return { run: (env) => guest.exec(POD_NAMESPACE_PROBE_SCRIPT, { timeoutMs: 120_000, env }) };
  }
  const kind = kindProviderId(providerId);
  const container = kind && (await kindNodes(docker, kind.cluster)).find((n) => n.name === kind.node);
  if (!container) {
    return {
      reason:
        `Pod namespaces need kind: they are read with crictl inside the node's container, and the node ${node} ` +
        `is not a node container of a kind cluster on this Docker engine${providerId ? ` (its providerID: ${providerId})` : ''}. ` +
        'Run the lab on the kind cluster: `nslab cluster create`.',
    };
  }
  if (!container.running) return { reason: `The kind node ${node} is stopped: \`docker start ${node}\`.` };
  const id = container.id;
  return {
    run: (env) => execInContainer(docker.getContainer(id), POD_NAMESPACE_PROBE_SCRIPT, { timeoutMs: 15_000, env: Object.entries(env).map(([k, v]) => `${k}=${v}`) }),
  };
}
