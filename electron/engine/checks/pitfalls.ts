// Classic mistakes that break the box itself: the probe beside the box still
// reads the truth, but the learner's tools and terminals no longer can, and
// later steps fail for a reason their own hints cannot know. Each round the
// probe's reading says whether the box fell into one; if so, the step fails with
// the fix, and its failures say that instead of their hints.
import type { CheckResult } from '../../shared/grade';
import type { NamespaceSnapshot } from '../../shared/snapshots';
import type { CheckRound } from './evaluate';

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
    'Every process in the box outside that PID namespace now reads the wrong /proc, and no new terminal can start. ' +
    'Fix it without a reset: run `umount /proc` in any terminal of the box. Then start the namespace ' +
    'with `unshare --pid --fork --mount-proc bash`, which mounts its /proc in a mount namespace of its own.',
};

/** Pure: the pitfalls a reading of the box shows. */
export function pitfallsIn(namespaces: NamespaceSnapshot): Pitfall[] {
  return namespaces.procOverBox ? [PROC_OVER_BOX] : [];
}

/** A pitfall as a failing result of the step it was found in. */
export function pitfallResult(pitfall: Pitfall): CheckResult {
  return { kind: 'script', title: "the box's own /proc is visible", status: 'fail', expected: "the box's own /proc", found: pitfall.message, message: pitfall.message };
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
export async function diagnosePitfalls(round: CheckRound): Promise<Pitfall[]> {
  if (!round.env.state) return [];
  return round.namespaces().then(pitfallsIn, () => []);
}
