// Classic mistakes that break the box itself, so that every later check fails
// for a reason its own hint cannot know. When a round fails, the box is asked
// whether it fell into one; if so, the failures say that instead, with the fix.
import type { CheckResult } from '../../shared/grade';
import type { ExecResult, LabEnvironment } from '../environment';

export interface Pitfall {
  id: 'proc-over-box';
  /** what happened and how to get out of it, without a reset */
  message: string;
}

/**
 * `unshare --pid --fork bash; mount -t proc proc /proc` without `--mount`: the
 * new proc lands on the box's own /proc, in the box's mount namespace. It lists
 * only the new PID namespace, where nothing outside it exists, so /proc/self
 * vanishes for every other process: `docker exec` (runc) fails to start
 * ("open /proc/self/fd: no such file or directory"), and tools that did start
 * see another namespace's PID 1.
 */
const PROC_OVER_BOX: Pitfall = {
  id: 'proc-over-box',
  message:
    "The box's own /proc is hidden: a proc of another PID namespace is mounted over it " +
    '(`mount -t proc proc /proc` after `unshare --pid --fork`, without a new mount namespace). ' +
    'Every process outside that PID namespace, nslab\'s checks included, now reads the wrong /proc. ' +
    'Fix it without a reset: run `umount /proc` in any terminal of the box. Then start the namespace ' +
    'with `unshare --pid --fork --mount-proc bash`, which mounts its /proc in a mount namespace of its own.',
};

/** Run in the box: does /proc still show the reader itself? */
export const PROC_CHECK_SCRIPT = '[ -e /proc/self ] && echo own-proc || echo foreign-proc';

/** Pure: the pitfall the proc check's result shows, if any — also when runc could not even start it. */
export function procPitfallOf(result: ExecResult): Pitfall | undefined {
  if (/foreign-proc/.test(result.stdout)) return PROC_OVER_BOX;
  if (/\/proc\/self\/fd: no such file or directory/i.test(`${result.stdout}\n${result.stderr}`)) return PROC_OVER_BOX;
  return undefined;
}

/** Failures and errors of a round that a found pitfall explains better than their own hints. */
export function explainFailures(results: CheckResult[], pitfalls: Pitfall[]): CheckResult[] {
  if (pitfalls.length === 0) return results;
  const explanation = pitfalls.map((p) => p.message).join(' ');
  return results.map((r) =>
    r.status === 'fail' || r.status === 'error'
      ? { ...r, message: `${explanation} (The check found: ${r.found || r.message})`, hint: explanation }
      : r,
  );
}

/** Only a box can fall into these: a Kubernetes lab runs kubectl on the host. */
export async function diagnosePitfalls(env: LabEnvironment): Promise<Pitfall[]> {
  if (env.facts.cluster !== undefined) return [];
  const result = await env.exec(PROC_CHECK_SCRIPT, { timeoutMs: 10_000 }).catch((error: Error) => ({
    stdout: '',
    stderr: error.message,
    exitCode: -1,
    timedOut: false,
  }));
  const proc = procPitfallOf(result);
  return proc ? [proc] : [];
}
