// Where the time of `nslab cluster create` goes inside the kind node, for
// `npm run test:kind` (scripts/test-kind.ts): under emulation kubeadm's waits
// are the question, and kind removes a node whose create failed, taking its
// journal and containers with it. So while kind runs, and then while the labs
// are graded, one cheap probe every period reads the node through `docker exec`
// (systemd's units, the CRI's containers, etcd's "ready" line (capnslog's or
// zap's), the API server's /livez, the guest's load and free memory) and the
// first time each thing is seen is kept: a timeline that survives the node.
// When a control-plane container has exited it also reads why (its exit code
// and reason, from crictl inspect) and the kube-system Warning events once the
// API server answers (a probe that failed, a container killed for it): what
// restarted the API server is then in the timeline, not guessed at.
// Times are the node's clock (the guest's), in seconds since the epoch.
import type Docker from 'dockerode';
import { execInContainer } from '../electron/env/docker/exec';

/** While kind creates the cluster; the grading's watch may ask less often (each probe costs the emulated node CPU). */
export const CREATE_PERIOD_MS = 30_000;
const PROBE_TIMEOUT_MS = 60_000;
const CONTROL_PLANE = '^(etcd|kube-apiserver|kube-controller-manager|kube-scheduler)$';

/**
 * One probe, a line per fact. crictl lists every container once (no inspect
 * per container: each crictl call costs seconds of emulated CPU; crictl's own
 * 2 s timeout ran out while the control plane started); etcd's log is read
 * only until its ready line is found, /livez asked with the node's admin
 * kubeconfig only until it first answers, the warnings only after.
 */
function probeScript({ askEtcd, askLivez }: { askEtcd: boolean; askLivez: boolean }): string {
  const admin = 'kubectl --kubeconfig /etc/kubernetes/admin.conf --request-timeout=20s';
  return [
    'echo "now $(date +%s)"',
    'echo "load $(cut -d" " -f1 /proc/loadavg)"',
    `awk '/^MemAvailable:/ { print "memavail", int($2 / 1024) }' /proc/meminfo`,
    'for u in containerd kubelet; do t=$(systemctl show -P ActiveEnterTimestamp $u); [ -n "$t" ] && echo "unit $u $(date -d "$t" +%s)"; done',
    `crictl --timeout 60s ps -a -o json 2>/dev/null | jq -r '.containers[] | "container \\(.metadata.name) \\(.metadata.attempt) \\(.createdAt) \\(.state)"'`,
    askEtcd ? 'id=$(crictl --timeout 60s ps -q --name "^etcd$" 2>/dev/null | head -1)' : 'id=',
    `[ -n "$id" ] && crictl --timeout 60s logs --timestamps "$id" 2>&1 | grep -m1 -E 'ready to serve client requests|serving client traffic' | cut -d' ' -f1 | sed 's/^/etcd-ready /'`,
    askLivez ? `[ -f /etc/kubernetes/admin.conf ] && ${admin} get --raw /livez >/dev/null 2>&1 && echo "livez $(date +%s)"` : '',
    // Why a control-plane container exited: only those that did, one inspect each.
    `for id in $(crictl --timeout 60s ps -a -q --state exited --name '${CONTROL_PLANE}' 2>/dev/null); do`,
    `  crictl --timeout 60s inspect "$id" 2>/dev/null | jq -r '.status | "exit \\(.metadata.name) \\(.metadata.attempt) \\(.exitCode) \\(.finishedAt) \\(.reason)"'`,
    'done',
    // The kubelet's Warning events on the control plane (Unhealthy: a probe failed, with its output; Killing).
    askLivez
      ? ''
      : `${admin} get events -n kube-system --field-selector type=Warning -o json 2>/dev/null | jq -r '.items[] | "event \\(.lastTimestamp // .eventTime // "-") \\(.count // 1) \\(.reason) \\(.involvedObject.name) \\(.message | gsub("\\n"; " "))"'`,
    'true',
  ].join('\n');
}

/** What one probe saw. */
export interface NodeProbe {
  now: number;
  load?: number;
  /** a systemd unit's ActiveEnterTimestamp */
  units: Record<string, number>;
  /** per "name#attempt": created (s) and the CRI state at this probe */
  containers: Record<string, { created: number; state: string }>;
  etcdReady?: number;
  livez?: number;
  /** the node's MemAvailable (the guest's), MiB */
  memAvailableMiB?: number;
  /** per exited control-plane "name#attempt": why (crictl inspect) */
  exits: Record<string, ContainerExit>;
  /** kube-system Warning events, as the API holds them now */
  warnings: WarningEvent[];
}

export interface ContainerExit {
  code: number;
  /** the CRI's reason: Completed, Error, OOMKilled */
  reason: string;
  finished: number;
}

export interface WarningEvent {
  /** when last seen (the event's lastTimestamp), s */
  last: number;
  count: number;
  /** `<reason> <object>: <message>`, e.g. "Unhealthy kube-apiserver-nslab-control-plane: Liveness probe failed: …" */
  what: string;
}

/** Pure: the probe script's output. */
export function parseNodeProbe(text: string): NodeProbe | undefined {
  const probe: NodeProbe = { now: 0, units: {}, containers: {}, exits: {}, warnings: [] };
  for (const line of text.split('\n')) {
    const [kind, ...f] = line.trim().split(/\s+/);
    if (kind === 'now') probe.now = Number(f[0]);
    else if (kind === 'load') probe.load = Number(f[0]);
    else if (kind === 'unit' && f.length === 2) probe.units[f[0]!] = Number(f[1]);
    else if (kind === 'container' && f.length === 4) probe.containers[`${f[0]}#${f[1]}`] = { created: Number(f[2]) / 1e9, state: f[3]! };
    else if (kind === 'etcd-ready' && f[0]) probe.etcdReady = Date.parse(f[0]) / 1000;
    else if (kind === 'livez') probe.livez = Number(f[0]);
    else if (kind === 'memavail') probe.memAvailableMiB = Number(f[0]);
    else if (kind === 'exit' && f.length >= 4) probe.exits[`${f[0]}#${f[1]}`] = { code: Number(f[2]), finished: Date.parse(f[3]!) / 1000, reason: f.slice(4).join(' ') };
    else if (kind === 'event' && f.length >= 5) probe.warnings.push({ last: Date.parse(f[0]!) / 1000, count: Number(f[1]), what: `${f[2]} ${f[3]}: ${f.slice(4).join(' ')}` });
  }
  return probe.now > 0 ? probe : undefined;
}

/** The first time each thing was seen, over every probe. */
export interface NodeTimeline {
  /** event → seconds since the epoch (node clock) */
  events: Record<string, number>;
  /** the guest's 1-minute load average, lowest and highest seen */
  load?: { min: number; max: number };
  probes: number;
  /** this machine's clock minus the node's, at the first probe (within the exec's latency) */
  clockOffset?: number;
  /** the lowest MemAvailable seen, MiB */
  memMinMiB?: number;
  /** each distinct kube-system Warning: the highest count seen and when it was last seen */
  warnings?: Record<string, { count: number; last: number }>;
}

/** Pure: folds one probe into the timeline. */
export function foldProbe(timeline: NodeTimeline, probe: NodeProbe): NodeTimeline {
  const events = { ...timeline.events };
  const first = (event: string, at: number | undefined) => {
    if (at !== undefined && Number.isFinite(at) && at > 0 && (events[event] === undefined || at < events[event]!)) events[event] = at;
  };
  for (const [unit, at] of Object.entries(probe.units)) first(`${unit} started`, at);
  for (const [container, { created, state }] of Object.entries(probe.containers)) {
    first(`${container} created`, created);
    // crictl ps reports no start time: the first probe that saw it running bounds it.
    if (state === 'CONTAINER_RUNNING' || state === 'CONTAINER_EXITED') first(`${container} running (seen)`, probe.now);
    if (state === 'CONTAINER_EXITED') first(`${container} exited (seen)`, probe.now);
  }
  for (const [container, { code, reason, finished }] of Object.entries(probe.exits)) first(`${container} exited: code ${code}${reason ? ` (${reason})` : ''}`, finished);
  first('etcd ready to serve', probe.etcdReady);
  first('API server /livez ok (seen)', probe.livez);
  const warnings = { ...timeline.warnings };
  for (const { what, count, last } of probe.warnings) {
    const seen = warnings[what];
    warnings[what] = { count: Math.max(seen?.count ?? 0, count), last: Math.max(seen?.last ?? 0, Number.isFinite(last) ? last : 0) };
  }
  const memMinMiB = probe.memAvailableMiB === undefined || !Number.isFinite(probe.memAvailableMiB) ? timeline.memMinMiB : Math.min(timeline.memMinMiB ?? probe.memAvailableMiB, probe.memAvailableMiB);
  const load = probe.load === undefined || !Number.isFinite(probe.load)
    ? timeline.load
    : { min: Math.min(timeline.load?.min ?? probe.load, probe.load), max: Math.max(timeline.load?.max ?? probe.load, probe.load) };
  return { ...timeline, events, load, memMinMiB, warnings, probes: timeline.probes + 1 };
}

/**
 * Pure: the timeline as lines, in order, each as seconds after `origin` (this
 * machine's clock, converted to the node's with the offset; the first event
 * when none is given).
 */
export function timelineLines(timeline: NodeTimeline, origin?: number): string[] {
  const entries = Object.entries(timeline.events).sort((a, b) => a[1] - b[1]);
  const zero = origin === undefined ? (entries[0]?.[1] ?? 0) : origin - (timeline.clockOffset ?? 0);
  const lines = entries.map(([event, at]) => `+${String(Math.round(at - zero)).padStart(5)} s  ${new Date(at * 1000).toISOString().slice(11, 19)}  ${event}`);
  if (timeline.load) lines.push(`guest load average (1 min) seen: ${timeline.load.min}-${timeline.load.max} over ${timeline.probes} probes`);
  if (timeline.memMinMiB !== undefined) lines.push(`the guest's MemAvailable, lowest seen: ${timeline.memMinMiB} MiB`);
  for (const [what, { count, last }] of Object.entries(timeline.warnings ?? {})) {
    lines.push(`kube-system warning ×${count}, last at +${Math.round(last - zero)} s: ${what.length > 300 ? `${what.slice(0, 300)}…` : what}`);
  }
  return lines;
}

/** Probes the node container `node` on `docker` every `periodMs` until stopped; the node may not exist yet. */
export function watchKindNode(docker: Docker, node: string, periodMs = CREATE_PERIOD_MS, since?: NodeTimeline): { stop: () => Promise<NodeTimeline> } {
  let timeline: NodeTimeline = since ?? { events: {}, probes: 0 };
  let stopped = false;
  let wake: () => void = () => {};
  const loop = (async () => {
    while (!stopped) {
      const probe = await execInContainer(docker.getContainer(node), probeScript({ askEtcd: timeline.events['etcd ready to serve'] === undefined, askLivez: timeline.events['API server /livez ok (seen)'] === undefined }), {
        timeoutMs: PROBE_TIMEOUT_MS,
      }).then(
        (r) => parseNodeProbe(r.stdout),
        () => undefined, // no node yet, or it is gone
      );
      if (probe) timeline = foldProbe({ clockOffset: Date.now() / 1000 - probe.now, ...timeline }, probe);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, periodMs);
      });
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      wake();
      await loop;
      return timeline;
    },
  };
}
