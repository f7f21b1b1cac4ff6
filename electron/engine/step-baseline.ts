// The reading a step's "since: step-start" counters count from (see
// cgroup-checks.ts, counterIncrease). Taken only for steps that have such a check:
// a step without one costs no read.
import type { Step } from '../shared/lab';
import type { StepBaseline } from './checks/cgroup-checks';
import type { LabEnvironment } from './environment';

export function needsBaseline(step: Step): boolean {
  return step.checks.some((check) => check.check === 'cgroup.counter' && check.since !== undefined);
}

export async function readStepBaseline(step: Step, env: LabEnvironment, from: StepBaseline['from']): Promise<StepBaseline | undefined> {
  if (!needsBaseline(step) || !env.state) return undefined;
  return { cgroups: (await env.state.read()).cgroups, from };
}
