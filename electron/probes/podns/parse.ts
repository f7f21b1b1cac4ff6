// Pure: pod namespace probe output (see script.ts) -> PodNamespaceSnapshot.
// The container list is crictl's JSON (`crictl ps -o json`: a "containers"
// array of {id, metadata: {name}}), read defensively; the rest is the
// script's own line records.
import { obj } from '../../shared/json-fields';
import { NAMESPACE_TYPES, type NamespaceType } from '../../shared/lab';
import type { NodeProcess, PodContainerProcess, PodNamespaceSnapshot } from '../../shared/pod-namespace-snapshot';
import { parseNamespaceLink } from '../ns/parse';

export interface PodRef {
  namespace: string;
  pod: string;
  node: string;
}


const NS_TYPES: ReadonlySet<string> = new Set(NAMESPACE_TYPES);
const HEADER = /^== (sandbox|containers|container)(?: (\S+) (\d+))?$/;

interface Section {
  kind: string;
  id: string;
  process: NodeProcess;
  body: string[];
}

/** Undefined when the node has no ready sandbox for the pod: the script printed nothing. */
export function parsePodNamespaceProbe(output: string, ref: PodRef, takenAt = new Date().toISOString()): PodNamespaceSnapshot | undefined {
  const sections = splitSections(output);
  const sandbox = sections.find((s) => s.kind === 'sandbox');
  if (!sandbox) return undefined;
  const names = containerNames(sections.find((s) => s.kind === 'containers')?.body.join('\n') ?? '');
  // A container that exited between `crictl ps` and `crictl inspect` has no process: it is left out.
  const containers: PodContainerProcess[] = sections
    .filter((s) => s.kind === 'container' && s.process.pid > 0)
    .map((s) => ({ name: names.get(s.id) ?? s.id.slice(0, 13), containerId: s.id, ...s.process }));
  return { takenAt, ...ref, sandbox: { sandboxId: sandbox.id, ...sandbox.process }, containers };
}

function splitSections(output: string): Section[] {
  const sections: Section[] = [];
  for (const line of output.split('\n')) {
    const header = HEADER.exec(line);
    if (header) {
      sections.push({ kind: header[1]!, id: header[2] ?? '', process: { pid: Number(header[3] ?? 0), namespaces: {} }, body: [] });
      continue;
    }
    const current = sections[sections.length - 1];
    if (!current) continue;
    if (current.kind === 'containers') current.body.push(line);
    else if (line.startsWith('ns ')) addLink(current.process, line);
  }
  return sections;
}

/** "ns pid_for_children pid:[4026532179]": the entry's name is the type, the link's inode the namespace. */
function addLink(target: NodeProcess, line: string): void {
  const [, type = '', link = ''] = line.split(' ');
  const parsed = parseNamespaceLink(link);
  if (parsed && NS_TYPES.has(type)) target.namespaces[type as NamespaceType] = parsed.inode;
}

/** Container id -> the name the pod spec gave it, from `crictl ps -o json`. */
function containerNames(json: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return new Map();
  }
  const list = obj(parsed).containers;
  return new Map(
    (Array.isArray(list) ? list : []).map(obj).flatMap((c) => {
      const name = obj(c.metadata).name;
      return typeof c.id === 'string' && typeof name === 'string' ? [[c.id, name] as const] : [];
    }),
  );
}
