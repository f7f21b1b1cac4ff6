// I/O half of the node.* checks: which nodes there are and what runs them
// (spec.providerID, read with nslab's own kubeconfig), then a fixed script of
// nslab's own on each node through env/kube/node-shell.ts: never the learner's
// credentials, which may not read a node at all.
import type Docker from 'dockerode';
import type { ClusterAccess } from '../../engine/environment';
import { nodeShell, type NodeShell } from '../../env/kube/node-shell';
import type { Mount } from '../../shared/mount-snapshot';
import type { NodeEntry } from '../../shared/node-reading';
import { parseMountinfo } from '../mounts/parse';
import { parseNodePaths } from './parse';
import { NODE_MOUNTS_SCRIPT, NODE_PATH_SCRIPT } from './script';

const NODES_SCRIPT = `kubectl get nodes -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.spec.providerID}{"\\n"}{end}'`;

type Env = Pick<ClusterAccess, 'nslabExec' | 'nodeEngine'>;

/** A shell on each node named (undefined: every node nslab can read; at least one). */
async function shellsOn(env: Env, names: readonly string[] | undefined): Promise<{ node: string; shell: NodeShell }[]> {
  const listed = await env.nslabExec(NODES_SCRIPT, { timeoutMs: 20_000 });
  if (listed.exitCode !== 0) throw new Error(`the nodes could not be listed: ${listed.stderr.trim()}`);
  const nodes = listed.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => ({ node: line.split('\t')[0]!, providerId: line.split('\t')[1] ?? '' }))
    .filter((n) => names === undefined || names.includes(n.node));
  const missing = (names ?? []).filter((name) => !nodes.some((n) => n.node === name));
  if (missing.length > 0) throw new Error(`there is no node ${missing.join(', ')} in the cluster`);
  // The engine is where a kind node's container is (the guest's node is reached by ssh instead).
  const docker: Docker = await env.nodeEngine();
  const shells = await Promise.all(nodes.map(async (n) => ({ node: n.node, shell: await nodeShell(docker, n.node, n.providerId) })));
  const readable = shells.flatMap((s) => ('run' in s.shell ? [{ node: s.node, shell: s.shell }] : []));
  const refused = shells.flatMap((s) => ('stopped' in s.shell ? [s.shell.stopped] : 'unknown' in s.shell ? [`${s.shell.unknown}, nor the nslab guest's`] : []));
  // Every node asked for by name must be read; "every node" means those nslab can reach, at least one.
  if ((names !== undefined && refused.length > 0) || readable.length === 0) {
    throw new Error(`nslab reads a node only inside a kind node container or on the nslab guest: ${refused.join('; ') || 'the cluster has no node'}`);
  }
  return readable;
}

async function onEach<T>(env: Env, names: readonly string[] | undefined, script: string, vars: Record<string, string>, parse: (out: string) => T) {
  const shells = await shellsOn(env, names);
  return Promise.all(
    shells.map(async ({ node, shell }) => {
      const result = await shell.run(script, vars);
      if (result.exitCode !== 0 || result.timedOut) throw new Error(`reading ${node} failed (exit ${result.exitCode}${result.timedOut ? ', timed out' : ''}): ${result.stderr.trim()}`);
      return { node, found: parse(result.stdout) };
    }),
  );
}

/** What matches `path` (placeholders filled in) on each node, read only where it stays under `base` (nodePathBase). */
export function readNodePaths(env: Env, names: readonly string[] | undefined, path: string, base: string): Promise<{ node: string; found: NodeEntry[] }[]> {
  return onEach(env, names, NODE_PATH_SCRIPT, { NSLAB_NODE_PATH: path, NSLAB_NODE_BASE: base }, parseNodePaths);
}

/** Each node's own mount table. */
export function readNodeMounts(env: Env, names: readonly string[] | undefined): Promise<{ node: string; found: Mount[] }[]> {
  return onEach(env, names, NODE_MOUNTS_SCRIPT, {}, parseMountinfo);
}
