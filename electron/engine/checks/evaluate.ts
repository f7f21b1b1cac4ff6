// Evaluates one declarative check against the live environment: reads the
// snapshot it needs (shared by the checks of one round), then judges.
import type { Check } from '../../shared/lab';
import type { CheckResult } from '../../shared/grade';
import type { NamespaceSnapshot } from '../../shared/snapshots';
import type { ExecResult, LabEnvironment } from '../environment';
import { readNamespaces } from '../../probes/ns/read';
import { nsRelation, processExists, utsHostname, type Verdict } from './namespace-checks';
import { describeSelector } from './selectors';
import { describeExpectation, quote, textMatches } from './text';

/** One round of checks reads each kind of state once. */
export class CheckRound {
  private namespaceSnapshot: Promise<NamespaceSnapshot> | undefined;

  constructor(readonly env: LabEnvironment) {}

  namespaces(): Promise<NamespaceSnapshot> {
    this.namespaceSnapshot ??= readNamespaces(this.env);
    return this.namespaceSnapshot;
  }
}

export async function evaluateCheck(check: Check, round: CheckRound): Promise<CheckResult> {
  const title = check.title ?? defaultTitle(check);
  try {
    const verdict = await judge(check, round);
    return {
      kind: check.check,
      title,
      status: verdict.pass ? 'pass' : 'fail',
      expected: verdict.expected,
      found: verdict.found,
      message: verdict.pass ? 'OK' : failureMessage(verdict, check.hint),
      ...(verdict.pass || !check.hint ? {} : { hint: check.hint }),
    };
  } catch (error) {
    const reason = (error as Error).message;
    return { kind: check.check, title, status: 'error', expected: '', found: reason, message: `The check could not run: ${reason}` };
  }
}

async function judge(check: Check, round: CheckRound): Promise<Verdict> {
  switch (check.check) {
    case 'ns.differs':
    case 'ns.same':
      return nsRelation(check, await round.namespaces());
    case 'process.exists':
      return processExists(check, await round.namespaces());
    case 'uts.hostname':
      return utsHostname(check, await round.namespaces());
    case 'file.content': {
      const read = await round.env.exec(`cat -- '${check.path.replaceAll("'", `'\\''`)}'`, { timeoutMs: 10_000 });
      const expected = `${check.path} to contain ${describeExpectation(check)}`;
      if (read.exitCode !== 0) {
        const reason = read.stderr.trim().split(': ').pop();
        return { pass: false, expected, found: `it cannot be read${reason ? ` (${reason})` : ''}` };
      }
      return { pass: textMatches(read.stdout, check), expected, found: `it contains ${quote(read.stdout)}` };
    }
    case 'script': {
      const result = await round.env.exec(check.run, { timeoutMs: 30_000 });
      return scriptVerdict(check, result);
    }
  }
}

function scriptVerdict(check: Extract<Check, { check: 'script' }>, result: ExecResult): Verdict {
  const expected = `exit code ${check.exitCode}${check.stdout ? ` and output matching /${check.stdout}/` : ''}`;
  if (result.timedOut) return { pass: false, expected, found: 'the script did not finish in time' };
  const codeOk = result.exitCode === check.exitCode;
  const outputOk = check.stdout === undefined || new RegExp(check.stdout, 'm').test(result.stdout);
  const output = result.stdout.trim() || result.stderr.trim();
  return { pass: codeOk && outputOk, expected, found: `exit code ${result.exitCode}${output ? `, output ${quote(output)}` : ''}` };
}

function failureMessage(verdict: Verdict, hint: string | undefined): string {
  const message = `Expected ${verdict.expected}, but ${verdict.found}.`;
  return hint ? `${message} ${hint}` : message;
}

export function defaultTitle(check: Check): string {
  switch (check.check) {
    case 'ns.differs':
      return `${describeSelector(check.process)} has its own ${check.type} namespace`;
    case 'ns.same':
      return `${describeSelector(check.process)} shares the ${check.type} namespace of ${describeSelector(check.as)}`;
    case 'process.exists':
      return `${describeSelector(check.process)} is running`;
    case 'uts.hostname':
      return `${describeSelector(check.process)} sees hostname ${describeExpectation(check)}`;
    case 'file.content':
      return `${check.path} contains ${describeExpectation(check)}`;
    case 'script':
      return `script: ${check.run.split('\n')[0]}`;
  }
}
