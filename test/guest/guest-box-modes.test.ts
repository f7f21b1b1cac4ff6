// The capability-fallback box, forced on an engine that would allow more: the
// fallback is proven on cgroup v2 too, not only on our v1 machines.
import { expect, it } from 'vitest';
import type { LabGrade } from '../../electron/shared/grade';
import { runCli } from '../helpers/cli';

it.concurrent.each(['cgroup-cpu-limit', 'mount-propagation'])('grades %s pass in the forced capability mode', { timeout: 300_000 }, async (lab) => {
  const result = await runCli(['grade', `labs/${lab}`, '--solve', '--format', 'json'], { NSLAB_BOX_MODE: 'capabilities' });
  const grade = JSON.parse(result.stdout) as LabGrade;
  expect(grade.environment).toMatch(/\(capabilities, cgroup v2\)/);
  const failed = grade.steps.flatMap((s) => s.checks.filter((c) => c.status === 'fail').map((c) => `${s.stepId}: ${c.message}`));
  expect(failed).toEqual([]);
  expect(result.code).toBe(0);
});
