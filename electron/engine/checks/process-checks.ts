// Pure: process.status over a namespace snapshot: a process's state, its parent
// and how deep in nested PID namespaces it lives, as /proc/<pid>/status says.
import type { Check, ProcessState } from '../../shared/lab';
import type { BoxProcess, NamespaceSnapshot } from '../../shared/snapshots';
import type { Verdict } from './namespace-checks';
import { describeProcess, describeSelector, noneRunning, selectProcesses } from './selectors';

/** The State letters of fs/proc/array.c's task_state_array, by the name a lab uses. */
const STATE_LETTERS: Record<ProcessState, string> = {
  running: 'R',
  sleeping: 'S',
  'disk-sleep': 'D',
  stopped: 'T',
  'tracing-stop': 't',
  zombie: 'Z',
  dead: 'X',
  idle: 'I',
};
const STATE_NAMES = new Map(Object.entries(STATE_LETTERS).map(([name, letter]) => [letter, name]));

export function stateName(letter: string | undefined): string {
  return letter === undefined ? 'an unknown state' : (STATE_NAMES.get(letter) ?? `state ${letter}`);
}

type ProcessStatusCheck = Extract<Check, { check: 'process.status' }>;

/**
 * `members`: the PIDs of the check's cgroup when it names one, resolved by the
 * caller from the cgroup snapshot (or why it could not be).
 */
export function processStatus(check: ProcessStatusCheck, snapshot: NamespaceSnapshot, members?: { pids: number[]; label: string } | { missing: string }): Verdict {
  const parents = check.parent === undefined ? [] : selectProcesses(snapshot, check.parent);
  const wanted = [
    check.state && `in state ${check.state.join(' or ')}`,
    check.parent && `whose parent is ${describeSelector(check.parent)}`,
    check.pidDepth !== undefined && `with a PID in ${check.pidDepth} nested PID namespaces (NSpid has ${check.pidDepth} entries)`,
  ].filter(Boolean);
  const where = check.cgroup === undefined ? '' : ` in cgroup ${check.cgroup}`;
  const expected = `${describeSelector(check.process)}${where} ${wanted.join(', ')}`;
  if (members && 'missing' in members) return { pass: false, expected, found: members.missing };
  const selected = selectProcesses(snapshot, check.process);
  const candidates = members ? selected.filter((p) => members.pids.includes(p.pid)) : selected;
  if (candidates.length === 0) {
    const none = noneRunning(check.process);
    return { pass: false, expected, found: members ? `${none} in ${members.label} (its members: ${members.pids.join(', ') || 'none'})` : none };
  }
  if (check.parent && parents.length === 0) return { pass: false, expected, found: `${noneRunning(check.parent)}, so nothing can be its parent` };

  const parentPids = new Set(parents.map((p) => p.pid));
  const fits = (p: BoxProcess) =>
    (check.state === undefined || check.state.some((s) => STATE_LETTERS[s] === p.state)) &&
    (check.parent === undefined || parentPids.has(p.ppid)) &&
    (check.pidDepth === undefined || p.nspid.length === check.pidDepth);
  const hit = candidates.find(fits);
  const show = (p: BoxProcess) => describeStatus(p, snapshot, check);
  if (hit) return { pass: true, expected, found: show(hit) };
  return { pass: false, expected, found: candidates.slice(0, 3).map(show).join('; ') };
}

/** What the check looked at, for one process: "pid 7 `sleep 2000` is sleeping, its parent pid 5 `sh`". */
function describeStatus(p: BoxProcess, snapshot: NamespaceSnapshot, check: ProcessStatusCheck): string {
  const parts: string[] = [];
  if (check.state) parts.push(`is ${stateName(p.state)}`);
  if (check.parent) {
    const parent = snapshot.processes.find((q) => q.pid === p.ppid);
    parts.push(`its parent is ${parent ? describeProcess(parent) : `pid ${p.ppid}, outside the box's view`}`);
  }
  if (check.pidDepth !== undefined) parts.push(`NSpid ${p.nspid.join(' ')} (${p.nspid.length} PID namespace${p.nspid.length === 1 ? '' : 's'})`);
  return `${describeProcess(p)} ${parts.join(', ')}`;
}
