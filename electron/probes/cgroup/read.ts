// I/O half of the cgroup probe.
import type { CgroupSnapshot } from '../../shared/cgroup-snapshot';
import type { LabEnvironment } from '../../engine/environment';
import { parseCgroupProbe } from './parse';
import { CGROUP_PROBE_SCRIPT } from './script';

export async function readCgroups(env: LabEnvironment): Promise<CgroupSnapshot> {
  const result = await env.exec(CGROUP_PROBE_SCRIPT, { timeoutMs: 10_000 });
  if (result.exitCode !== 0 && result.stdout.trim() === '') {
    throw new Error(`cgroup probe failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
  return parseCgroupProbe(result.stdout);
}
