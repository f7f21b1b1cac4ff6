// CPU use is measured on the box's own clock: a slow exec around the two reads
// (a VM under emulation, Docker Desktop) must not change the rate.
import { describe, expect, it } from 'vitest';
import { boxElapsedMs, cpuRate } from '../../electron/engine/checks/cgroup-checks';
import { parseCgroupProbe } from '../../electron/probes/cgroup/parse';

const probe = (uptime: string, usageUsec: number) =>
  [`U ${uptime}`, 'M /sys/fs/cgroup\tcgroup2\t/\trw,nsdelegate', 'D /sys/fs/cgroup\t/lab-cpu', 'F cpu.stat', `| usage_usec ${usageUsec}`, 'F cpu.max', '| 20000 100000', ''].join('\n');

describe('the CPU rate', () => {
  it("reads the box's uptime as its clock", () => {
    expect(parseCgroupProbe(probe('4711.25 9000.00', 0)).uptimeMs).toBe(4_711_250);
  });

  it('divides by the time between the reads on the box, not by the host time around two slow execs', () => {
    const before = parseCgroupProbe(probe('100.00', 1_000_000));
    const after = parseCgroupProbe(probe('103.00', 1_600_000));
    const elapsed = boxElapsedMs(before, after);
    expect(elapsed).toBe(3000);
    // 0.6 s of CPU in 3 s on the box: 0.2 CPUs, whatever the host's clock said (say 4.5 s with the execs).
    expect(cpuRate(before.cgroups[0]!, after.cgroups[0]!, elapsed!)).toBeCloseTo(0.2);
  });

  it('has no box time when a read lacks it, or the clock went back (a new box)', () => {
    const withClock = parseCgroupProbe(probe('100.00', 0));
    const without = { ...withClock, uptimeMs: undefined };
    expect(boxElapsedMs(without, withClock)).toBeUndefined();
    expect(boxElapsedMs(withClock, parseCgroupProbe(probe('5.00', 0)))).toBeUndefined();
  });
});
