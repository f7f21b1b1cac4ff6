// Pure: which processes of a namespace snapshot a selector means, and how to say it.
import type { ProcessSelector } from '../../shared/lab';
import { innerPid, type BoxProcess, type NamespaceSnapshot } from '../../shared/snapshots';

/**
 * The box's init: the process every box namespace is compared with, and the
 * first the box started, so its lowest pid. That is PID 1 beside a Docker box;
 * in a pod PID 1 is the sandbox, which the probe leaves out of its readings.
 */
export function boxInitPid(snapshot: NamespaceSnapshot): number | undefined {
  return snapshot.processes.reduce<number | undefined>((lowest, p) => (lowest === undefined || p.pid < lowest ? p.pid : lowest), undefined);
}

/** `among`: other processes to choose from (those that exited), the snapshot still naming the box's init. */
export function selectProcesses(snapshot: NamespaceSnapshot, selector: ProcessSelector, among: readonly BoxProcess[] = snapshot.processes): BoxProcess[] {
  const init = boxInitPid(snapshot);
  if (selector === 'init') return among.filter((p) => p.pid === init);
  const command = selector.command === undefined ? undefined : new RegExp(selector.command);
  const name = selector.name === undefined ? undefined : new RegExp(selector.name);
  const own = selector.ownNamespace;
  const initNs = own === undefined ? undefined : snapshot.processes.find((p) => p.pid === init)?.namespaces[own];
  return among.filter(
    (p) =>
      p.pid !== init &&
      (command === undefined || command.test(p.command)) &&
      (name === undefined || name.test(p.name)) &&
      (selector.innerPid === undefined || innerPid(p) === selector.innerPid) &&
      (selector.shell === undefined || isInteractiveShell(p.command)) &&
      (own === undefined || (p.namespaces[own] !== undefined && p.namespaces[own] !== initNs)),
  );
}

const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ash', 'ksh', 'mksh', 'fish']);

/**
 * A shell waiting for the learner: `bash`, `-bash` (login), `/bin/sh -i`,
 * `busybox sh`, or whatever $SHELL `unshare` ran without a program. Not a shell
 * running a script or `-c` command: that is work, not a place to type in.
 */
export function isInteractiveShell(command: string): boolean {
  const words = command.split(' ').filter(Boolean);
  if (words[0]?.split('/').pop() === 'busybox') words.shift();
  const name = words[0]?.split('/').pop()?.replace(/^-/, '');
  if (name === undefined || !SHELLS.has(name)) return false;
  return words.slice(1).every((w) => w.startsWith('-') && !/^-\w*c/.test(w));
}

export function describeSelector(selector: ProcessSelector): string {
  if (selector === 'init') return "the box's init (PID 1)";
  const parts: string[] = [];
  if (selector.command !== undefined) parts.push(`matching /${selector.command}/`);
  if (selector.name !== undefined) parts.push(`named /${selector.name}/`);
  if (selector.shell) parts.push('that is an interactive shell (sh, bash, dash, zsh…)');
  if (selector.innerPid !== undefined) parts.push(`that is PID ${selector.innerPid} of its own PID namespace`);
  if (selector.ownNamespace !== undefined) parts.push(`in ${article(selector.ownNamespace)} namespace of its own (not the box's)`);
  return `a process ${parts.join(' ')}`;
}

/** "no process matching /x/ is running", for a selector that matched nothing. */
export function noneRunning(selector: ProcessSelector): string {
  return selector === 'init' ? "the box's init (PID 1) is gone" : `no process ${describeSelector(selector).replace(/^a process /, '')} is running`;
}

export function describeProcess(p: BoxProcess): string {
  const inner = innerPid(p) === p.pid ? '' : ` (PID ${innerPid(p)} inside)`;
  return `pid ${p.pid}${inner} \`${truncate(p.command || p.name, 60)}\``;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** "a uts namespace", "an ipc namespace": the article the word needs. */
export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`;
}
