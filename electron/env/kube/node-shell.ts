// How nslab itself runs a fixed script of its own on a Kubernetes node, as
// root, through its own access, never the learner's: inside the node's
// container on the Docker engine (kind), or in the nslab guest over its ssh
// (the guest's own node). The pod-namespace probe and the node.* checks read
// nodes this way. Which node is which comes from its spec.providerID, the name
// kind and the guest's kubelet give themselves.
import type Docker from 'dockerode';
import type { ExecResult } from '../../engine/environment';
import { execInContainer } from '../docker/exec';
import { GuestVm } from '../guest';
import { guestProviderId } from '../guest/guest-node-id';
import { kindNodes, kindProviderId } from '../kind/kind-nodes';

export interface NodeShell {
  /** runs `script` with sh on the node; values reach it as variables, never spliced into the text */
  run(script: string, env: Record<string, string>, timeoutMs?: number): Promise<ExecResult>;
}

/** Why a node cannot be read: `stopped` is a full sentence with what to do; `unknown` says what the node is not. */
export type NodeShellRefusal = { stopped: string } | { unknown: string };

/** Each call of a read on an emulated guest is seconds (crictl, ssh): the guest gets two minutes, a kind node fifteen seconds. */
const GUEST_TIMEOUT_MS = 120_000;
const KIND_TIMEOUT_MS = 15_000;

export async function nodeShell(docker: Docker, node: string, providerId: string): Promise<NodeShell | NodeShellRefusal> {
  if (guestProviderId(providerId)) {
    const guest = new GuestVm();
    if (!(await guest.status()).running) return { stopped: `The node ${node} is the nslab guest's, which is not running: \`nslab guest up\`.` };
    return { run: (script, env, timeoutMs = GUEST_TIMEOUT_MS) => guest.exec(script, { timeoutMs, env }) };
  }
  const kind = kindProviderId(providerId);
  const container = kind && (await kindNodes(docker, kind.cluster)).find((n) => n.name === kind.node);
  if (!container) {
    return { unknown: `the node ${node} is not a node container of a kind cluster on this Docker engine${providerId ? ` (its providerID: ${providerId})` : ''}` };
  }
  if (!container.running) return { stopped: `The kind node ${node} is stopped: \`docker start ${node}\`.` };
  const id = container.id;
  return {
    run: (script, env, timeoutMs = KIND_TIMEOUT_MS) =>
      execInContainer(docker.getContainer(id), script, { timeoutMs, env: Object.entries(env).map(([k, v]) => `${k}=${v}`) }),
  };
}
