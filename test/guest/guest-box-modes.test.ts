// Every kernel lab runs in the confined box by default (guest-labs.test.ts);
// here the privileged box, the mode a lab that says it cannot work without it
// gets, is forced on the guest's engine (ours refuses it): both modes are proven
// on cgroup v2.
import { expect, it } from 'vitest';
import type { LabGrade } from '../../electron/shared/grade';
import { runCli } from '../helpers/cli';

it.concurrent.each(['cgroup-cpu-limit', 'mount-propagation'])('grades %s pass in the privileged box, forced', { timeout: 300_000 }, async (lab) => {
  const result = await runCli(['grade', `labs/${lab}`, '--solve', '--format', 'json'], { NSLAB_BOX_MODE: 'privileged' });
  const grade = JSON.parse(result.stdout) as LabGrade;
  expect(grade.environment).toMatch(/\(privileged, cgroup v2\)/);
  const failed = grade.steps.flatMap((s) => s.checks.filter((c) => c.status === 'fail').map((c) => `${s.stepId}: ${c.message}`));
  expect(failed).toEqual([]);
  expect(result.code).toBe(0);
});
