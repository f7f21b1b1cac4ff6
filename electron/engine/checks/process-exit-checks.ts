// Pure: process.exited over a namespace snapshot's exit records (probes/ns): that
// a process died, and that another died with its PID namespace rather than on
// its own. The end state after both is the same (nothing left), so only what the
// probe saw happen can tell them apart. What it did not see (an exit while no
// probe agent ran, or before the first one began) is said as such, never
// blamed on the learner: see the journal in probes/agent/agent-program.ts.
//
// What no probe can tell: two kills in one command, microseconds apart
// (`kill -KILL <sleep 3700> <sleep 3600>`, `pkill -KILL -f 'sleep 3[67]00'`).
// The kernel keeps no record of who sent a SIGKILL (the exit status is 9 either
// way), and zap_pid_namespace sends none to a process whose SIGKILL is already
// pending: with the middle init signalled first, the nested init dies while its
// namespace ends, just as in the lesson, and passes. With the nested init
// signalled first, the check fails when it had finished dying before the middle
// init began to (the agent, woken by its pidfd, sees the init still running),
// which two kill(2) calls a few microseconds apart seldom leave: on the 2-core
// test machine such a grade passed 5 times of 6 (2026-12-05). A kill of the
// nested init in a command of its own, or `kill -9 -1` inside the namespace
// before the init is killed, fails every time (test/labs/attempts).
import type { Check } from '../../shared/lab';
import type { ExitedProcess, NamespaceSnapshot } from '../../shared/snapshots';
import type { Verdict } from './namespace-checks';
import { describeProcess, describeSelector, selectProcesses } from './selectors';

type ProcessExitedCheck = Extract<Check, { check: 'process.exited' }>;

function exitsOf(snapshot: NamespaceSnapshot, selector: ProcessExitedCheck['process']): ExitedProcess[] {
  const exited = snapshot.exited ?? [];
  const chosen = new Set(selectProcesses(snapshot, selector, exited.map((e) => e.process)));
  return exited.filter((e) => chosen.has(e.process));
}

/** "pid 9 (PID 1 inside) `sleep 3700`, NSpid 9 4 1" */
function describeExit(e: ExitedProcess): string {
  return `${describeProcess(e.process)}, NSpid ${e.process.nspid.join(' ')}`;
}

/**
 * No exit of `selector` recorded: it still runs, or the probe did not see it
 * die. When its records began late (a grade attached to a box worked in while
 * no nslab watched), the process may have died before: nslab does not know,
 * and says so.
 */
function noExitSeen(snapshot: NamespaceSnapshot, selector: ProcessExitedCheck['process'], expected: string): Verdict {
  const alive = selectProcesses(snapshot, selector);
  if (alive.length > 0) return { pass: false, expected, found: `it still runs: ${alive.slice(0, 3).map(describeProcess).join('; ')}` };
  const what = describeSelector(selector).replace(/^a /, '');
  if (!snapshot.exitsBegunLate) return { pass: false, expected, found: `the probe saw no ${what} die` };
  return {
    pass: false,
    expected,
    found: `nslab did not see any ${what} exit: it began watching this box after the learner had worked in it (a grade attached to a box no nslab was watching), so an exit before then is unknown to it; run the step again`,
    unknown: true,
  };
}

export function processExited(check: ProcessExitedCheck, snapshot: NamespaceSnapshot): Verdict {
  const expected = `${describeSelector(check.process)} died${check.tookWith ? `, and ${describeSelector(check.tookWith)} died with its PID namespace` : ''}`;
  const deaths = exitsOf(snapshot, check.process);
  if (deaths.length === 0) return noExitSeen(snapshot, check.process, expected);
  if (!check.tookWith) return { pass: true, expected, found: `${describeExit(deaths[deaths.length - 1]!)} died` };

  const namespaces = new Set(deaths.map((d) => d.process.namespaces.pid).filter((ns) => ns !== undefined));
  const taken = exitsOf(snapshot, check.tookWith);
  const withIt = taken.find((t) => t.endedWith !== undefined && namespaces.has(t.endedWith));
  if (withIt) return { pass: true, expected, found: `${describeExit(withIt)} died as its PID namespace ${withIt.endedWith} ended with ${describeExit(deaths[deaths.length - 1]!)}` };
  const last = taken[taken.length - 1];
  if (!last) {
    const verdict = noExitSeen(snapshot, check.tookWith, expected);
    return { ...verdict, found: `${describeExit(deaths[deaths.length - 1]!)} died, but ${verdict.found}` };
  }
  if (last.unseen) {
    return {
      pass: false,
      expected,
      found: `nslab did not see how ${describeExit(last)} died: no probe agent was running then (one was stopped, say by a kill of every process, or nslab was closed), so whether its namespace took it is unknown; run the step again`,
      unknown: true,
    };
  }
  const how = last.endedWith === undefined ? 'while every init above it still ran: it was killed on its own' : `with another PID namespace (${last.endedWith})`;
  return { pass: false, expected, found: `${describeExit(last)} died ${how}, not with the namespace of ${describeSelector(check.process).replace(/^a process /, 'the process ')}` };
}
