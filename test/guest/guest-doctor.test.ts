// `nslab doctor` against the guest's engine says what the guest is.
import { expect, it } from 'vitest';
import type { DoctorReport } from '../../electron/shared/doctor';
import { runCli } from '../helpers/cli';

it('says cgroup v2 with cpu, memory and pids for boxes, --privileged allowed, and that it is the guest', { timeout: 120_000 }, async () => {
  const result = await runCli(['doctor', '--format', 'json']);
  const report = JSON.parse(result.stdout) as DoctorReport;
  expect(report.facts).toMatchObject({ engineReachable: true, engineIsGuest: true, guestRunning: true, privilegedAllowed: true, cgroupVersion: '2' });
  expect(report.facts.cgroupControllers).toEqual(expect.arrayContaining(['cpu', 'memory', 'pids']));
  const kernelLabs = report.labs.filter((l) => !l.needs.includes('a Kubernetes cluster'));
  expect(kernelLabs.filter((l) => !l.ready)).toEqual([]);
});
