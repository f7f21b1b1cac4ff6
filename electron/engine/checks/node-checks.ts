// Pure: node.path and node.mounts. Which node a check reads and what its
// placeholders mean come from the learner's objects (nodeTarget); the verdicts
// judge what nslab read on that node (probes/node). A node passes the check if
// any node read does: a volume or pod is on one node, and "nothing there" is
// read on every node the check looks at.
import type { Check } from '../../shared/lab';
import type { Mount } from '../../shared/mount-snapshot';
import type { NodeEntry } from '../../shared/node-reading';
import type { StorageSnapshot } from '../../shared/storage-snapshot';
import type { NodePathValues } from '../../probes/node/parse';
import { nodePathPattern } from '../../probes/node/parse';
import type { Verdict } from './namespace-checks';
import type { LearnerNames } from './object-check';
import { volumeOfClaim } from './k8s-checks';
import { quote } from './text';

type NodePathCheck = Extract<Check, { check: 'node.path' }>;
type NodeMountsCheck = Extract<Check, { check: 'node.mounts' }>;
type NodeCheck = NodePathCheck | NodeMountsCheck;

/** The nodes to read (undefined: every node nslab can read) and the placeholders' values. */
export type NodeTarget = { nodes?: string[]; values: NodePathValues } | { missing: string };

export function nodeTarget(check: NodeCheck, snapshot: StorageSnapshot, names: LearnerNames): NodeTarget {
  const values: NodePathValues = { NSLAB_NAMESPACE: names.namespace, NSLAB_PREFIX: names.prefix, NSLAB_LEARNER: names.learner };
  let nodes: string[] | undefined;
  if (check.claim !== undefined) {
    // The claim may be gone already: its volume (Released, Retain) still names it.
    const volume = volumeOfClaim(snapshot, check.claim);
    if (!volume) {
      const claim = snapshot.claims.find((c) => c.name === check.claim);
      return { missing: claim ? `claim ${check.claim} is ${claim.phase}, bound to no volume` : `there is no claim ${check.claim} and no volume of one` };
    }
    values.VOLUME = volume.name;
    values.VOLUME_PATH = volume.path;
    if (volume.nodeAffinityHosts.length > 0) nodes = volume.nodeAffinityHosts;
  }
  if (check.pod !== undefined) {
    const pod = snapshot.pods.find((p) => p.name === check.pod);
    if (!pod) return { missing: `there is no pod ${check.pod}` };
    if (pod.node === undefined) return { missing: `pod ${check.pod} is not on a node yet (${pod.phase})` };
    values.POD_UID = pod.uid;
    nodes = [pod.node];
  }
  const paths = check.check === 'node.path' ? [check.path] : check.targets;
  if (values.VOLUME_PATH === undefined && paths.some((p) => p.includes('${VOLUME_PATH}'))) {
    return { missing: `the volume of claim ${check.claim} has no directory on a node (neither spec.hostPath nor spec.local)` };
  }
  return { nodes, values };
}

const onNodes = (nodes: readonly string[]) => (nodes.length === 1 ? `node ${nodes[0]}` : nodes.length ? `nodes ${nodes.join(', ')}` : 'any node');

const notAFile: Record<Exclude<NodeEntry['type'], 'file'>, string> = {
  dir: 'is a directory, not a file',
  link: 'is a symlink, which nslab does not follow',
  other: 'is not a regular file',
  outside: 'leads through a symlink out of the directory it was looked for in, which nslab does not follow',
};

/** `path` is the check's path with its placeholders filled in; `read` what each node holds there. */
export function nodePath(check: NodePathCheck, path: string, read: { node: string; found: NodeEntry[] }[]): Verdict {
  const where = onNodes(read.map((r) => r.node));
  if (!check.present) {
    const left = read.filter((r) => r.found.length > 0);
    return {
      pass: left.length === 0,
      expected: `nothing at ${path} on ${where}`,
      found: left.length === 0 ? 'there is nothing' : left.map((r) => `${r.found.map((e) => e.path).join(', ')} ${r.found.length === 1 ? 'is' : 'are'} on ${r.node}`).join('; '),
    };
  }
  const expected = `${path} on ${where}${check.content !== undefined ? `, a file holding text matching /${check.content}/` : ''}`;
  const entries = read.flatMap((r) => r.found.map((e) => ({ node: r.node, entry: e })));
  if (entries.length === 0) return { pass: false, expected, found: `there is no such path on ${where}` };
  if (check.content === undefined) return { pass: true, expected, found: entries.map((e) => `${e.entry.path} (${e.entry.type}) on ${e.node}`).join(', ') };
  const pattern = new RegExp(check.content, 'm');
  const files = entries.flatMap((e) => (e.entry.type === 'file' ? [{ node: e.node, path: e.entry.path, text: e.entry.text }] : []));
  const hit = files.find((f) => pattern.test(f.text));
  if (hit) return { pass: true, expected, found: `${hit.path} on ${hit.node} holds ${quote(hit.text, 80)}` };
  if (files.length === 0) return { pass: false, expected, found: entries.flatMap(({ entry }) => (entry.type === 'file' ? [] : [`${entry.path} ${notAFile[entry.type]}`])).join('; ') };
  return { pass: false, expected, found: files.map((f) => `${f.path} holds ${f.text.trim() === '' ? 'nothing' : quote(f.text, 80)}`).join('; ') };
}

const sourceOf = (m: Mount) => `device ${m.major}:${m.minor} root ${m.root}`;

/** `targets` are the check's with placeholders filled in; `read` each node's mount table. */
export function nodeMounts(check: NodeMountsCheck, targets: string[], read: { node: string; found: Mount[] }[]): Verdict {
  const expected = `mounts at ${targets.join(' and ')}${check.sameSource ? ', one of each from the same source' : ''} on ${onNodes(read.map((r) => r.node))}`;
  const listed = (mounts: Mount[]) => mounts.map((mount) => `${mount.mountPoint} from ${sourceOf(mount)}`).join(', ');
  const judged = read.map(({ node, found }) => {
    const matched = targets.map((t) => ({ target: t, mounts: found.filter((m) => nodePathPattern(t).test(m.mountPoint)) }));
    const absent = matched.filter((m) => m.mounts.length === 0);
    if (absent.length > 0) return { pass: false, found: `${node} has no mount at ${absent.map((a) => a.target).join(' nor at ')}` };
    const all = matched.flatMap((m) => m.mounts);
    if (!check.sameSource) return { pass: true, found: `on ${node}: ${listed(all)}` };
    // A glob may match more than the learner's: another volume of the same driver
    // staged on the node (another learner's) has its own source, and must not
    // make a right answer fail. What counts is a source each target has a mount from.
    const shared = matched.slice(1).reduce((common, m) => common.filter((source) => m.mounts.some((mount) => sourceOf(mount) === source)), matched[0]!.mounts.map(sourceOf));
    if (shared.length === 0) return { pass: false, found: `on ${node}: ${listed(all)}` };
    return { pass: true, found: `on ${node}: ${listed(all.filter((mount) => sourceOf(mount) === shared[0]))}` };
  });
  const passing = judged.find((j) => j.pass);
  if (read.length === 0) return { pass: false, expected, found: 'no node to read' };
  return { pass: passing !== undefined, expected, found: (passing ?? judged[0]!).found };
}
