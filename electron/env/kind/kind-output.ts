// Pure: what kind prints on stderr while it creates or deletes a cluster ->
// progress events. kind's status object (sigs.k8s.io/kind pkg/internal/cli/
// status.go) prints " • <stage>  ..." when a stage starts and " ✓ <stage>" or
// " ✗ <stage>" when it ends; on a terminal the marks are coloured and a spinner
// redraws the line, so escapes and carriage returns are stripped first. A
// failure ends with "ERROR: <message>", then kind's "Command Output: ..." lines.

export type KindStageState = 'running' | 'done' | 'failed';

/** The stages kind's create runs, in order (pkg/cluster/internal/create/create.go). */
export const KIND_STAGES = [
  { id: 'node-image', prefix: 'Ensuring node image' },
  { id: 'nodes', prefix: 'Preparing nodes' },
  { id: 'load-balancer', prefix: 'Configuring the external load balancer' },
  { id: 'configuration', prefix: 'Writing configuration' },
  { id: 'control-plane', prefix: 'Starting control-plane' },
  { id: 'cni', prefix: 'Installing CNI' },
  { id: 'storage-class', prefix: 'Installing StorageClass' },
  { id: 'join-control-planes', prefix: 'Joining more control-plane nodes' },
  { id: 'join-workers', prefix: 'Joining worker nodes' },
  { id: 'wait-ready', prefix: 'Waiting ≤' },
] as const;
export type KindStageId = (typeof KIND_STAGES)[number]['id'];

export type KindEvent =
  /** `stage` is undefined for a stage a newer kind added that nslab does not know */
  | { type: 'stage'; stage: KindStageId | undefined; title: string; state: KindStageState }
  /** anything else kind says: "Creating cluster …", "Deleted nodes: …", warnings */
  | { type: 'note'; text: string }
  | { type: 'error'; text: string };

// CSI sequences: colours, erase line, cursor moves.
const TERMINAL_CONTROL = /\x1b\[[0-9;?]*[A-Za-z]/g;
const STAGE_LINE = /^\s*([•✓✗])\s+(.*?)\s*$/u;
// The icon after a stage's words: emoji, their variation selectors and joiners.
const TRAILING_ICONS = /[\s\p{Extended_Pictographic}\u{FE0F}\u{200D}]+$/u;

export function parseKindLine(raw: string): KindEvent | undefined {
  // A spinner frame and the final mark share a line: the last redraw is what remains on screen.
  const line = raw.replace(TERMINAL_CONTROL, '').split('\r').filter((s) => s.trim() !== '').pop() ?? '';
  if (line.trim() === '') return undefined;
  if (line.startsWith('ERROR: ')) return { type: 'error', text: line.slice('ERROR: '.length).trim() };
  const stage = STAGE_LINE.exec(line);
  if (stage) {
    const [, mark, text = ''] = stage;
    // " • Ready after 2s 💚" and " • WARNING: …" use the bullet without the trailing "  ...".
    if (mark === '•' && !text.endsWith('...')) return { type: 'note', text: stageTitle(text) };
    const title = stageTitle(text.replace(/\s*\.\.\.$/, ''));
    return { type: 'stage', stage: stageId(title), title, state: mark === '•' ? 'running' : mark === '✓' ? 'done' : 'failed' };
  }
  return { type: 'note', text: line.trim() };
}

export function parseKindOutput(text: string): KindEvent[] {
  return text.split('\n').flatMap((line) => parseKindLine(line) ?? []);
}

/**
 * kind's error and the output of the command that failed under it, as one
 * text: "failed to create cluster: failed to pull image …" plus "Command
 * Output: Error response from daemon: …". Undefined when kind printed no ERROR.
 */
export function kindFailure(text: string): string | undefined {
  const lines = text.replace(TERMINAL_CONTROL, '').replace(/\r/g, '').split('\n');
  const start = lines.findIndex((l) => l.startsWith('ERROR: '));
  if (start < 0) return undefined;
  return lines
    .slice(start)
    .map((l) => l.replace(/^ERROR: /, '').trim())
    .filter(Boolean)
    .join('\n');
}

function stageTitle(text: string): string {
  return text.replace(TRAILING_ICONS, '');
}

function stageId(title: string): KindStageId | undefined {
  return KIND_STAGES.find((s) => title.startsWith(s.prefix))?.id;
}

/**
 * Pure: the port of the API server a kubeconfig kind wrote names on the
 * loopback (kind publishes it on 127.0.0.1 of the engine's machine,
 * pkg/cluster/internal/providers/docker/provision.go), or undefined.
 */
export function loopbackApiServerPort(kubeconfig: string): number | undefined {
  const m = /^\s*server:\s*https:\/\/(?:127\.0\.0\.1|localhost):(\d+)\s*$/m.exec(kubeconfig);
  return m ? Number(m[1]) : undefined;
}
