// Pure: process.exited over a namespace snapshot's exit records (probes/ns): that
// a process died, and that another died with its PID namespace rather than on
// its own. The end state after both is the same (nothing left), so only what the
// probe saw happen can tell them apart.
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

function stillRunning(snapshot: NamespaceSnapshot, selector: ProcessExitedCheck['process']): string | undefined {
  const alive = selectProcesses(snapshot, selector);
  return alive.length > 0 ? `it still runs: ${alive.slice(0, 3).map(describeProcess).join('; ')}` : undefined;
}

export function processExited(check: ProcessExitedCheck, snapshot: NamespaceSnapshot): Verdict {
  const expected = `${describeSelector(check.process)} died${check.tookWith ? `, and ${describeSelector(check.tookWith)} died with its PID namespace` : ''}`;
  const deaths = exitsOf(snapshot, check.process);
  if (deaths.length === 0) {
    return { pass: false, expected, found: stillRunning(snapshot, check.process) ?? `the probe saw no ${describeSelector(check.process).replace(/^a /, '')} die` };
  }
  if (!check.tookWith) return { pass: true, expected, found: `${describeExit(deaths[deaths.length - 1]!)} died` };

  const namespaces = new Set(deaths.map((d) => d.process.namespaces.pid).filter((ns) => ns !== undefined));
  const taken = exitsOf(snapshot, check.tookWith);
  const withIt = taken.find((t) => t.endedWith !== undefined && namespaces.has(t.endedWith));
  if (withIt) return { pass: true, expected, found: `${describeExit(withIt)} died as its PID namespace ${withIt.endedWith} ended with ${describeExit(deaths[deaths.length - 1]!)}` };
  const last = taken[taken.length - 1];
  if (!last) {
    return {
      pass: false,
      expected,
      found: `${describeExit(deaths[deaths.length - 1]!)} died, but ${stillRunning(snapshot, check.tookWith) ?? `the probe saw no ${describeSelector(check.tookWith).replace(/^a /, '')} die`}`,
    };
  }
  const how = last.endedWith === undefined ? 'while every init above it still ran: it was killed on its own' : `with another PID namespace (${last.endedWith})`;
  return { pass: false, expected, found: `${describeExit(last)} died ${how}, not with the namespace of ${describeSelector(check.process).replace(/^a process /, 'the process ')}` };
}
