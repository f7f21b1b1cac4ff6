// CPU use is measured on the box's own clock: the probe agent stamps each
// reading with the box kernel's CLOCK_MONOTONIC, and a rate divides by the time
// between two readings on it, so a slow engine around the reads (a VM under
// emulation, Docker Desktop) does not change the rate.
import { describe, expect, it } from 'vitest';
import { boxElapsedMs, cpuRate } from '../../electron/engine/checks/cgroup-checks';
import { BoxProbe, type AgentConnection } from '../../electron/probes/agent/box-probe';

const frame = (kind: string, id: number, payload: string) => Buffer.concat([Buffer.from(`${kind} ${id} ${Buffer.byteLength(payload)}\n`), Buffer.from(payload)]);
const cgroups = (usageUsec: number) => ['M /sys/fs/cgroup\tcgroup2\t/\trw,nsdelegate', 'D /sys/fs/cgroup\t/lab-cpu', 'F cpu.stat', `| usage_usec ${usageUsec}`, ''].join('\n');

/** An agent that answers each sync with one reading: the next of `readings`, begun at its clock time. */
function fakeAgent(readings: { at: number; usageUsec: number }[]): () => Promise<AgentConnection> {
  return async () => {
    let listener: (chunk: Buffer) => void = () => undefined;
    let round = 0;
    return {
      write(line: string) {
        const [command, id] = line.trim().split(' ');
        if (command !== 'sync') return;
        const reading = readings[round]!;
        listener(Buffer.concat([frame('cgroups', round, cgroups(reading.usageUsec)), frame('round', round++, reading.at.toFixed(6)), frame('sync', Number(id), '')]));
      },
      onData: (l) => (listener = l),
      closed: new Promise<string>(() => undefined),
      close: () => undefined,
    };
  };
}

describe('the CPU rate', () => {
  it("carries the box kernel's clock of the reading the agent stamped", async () => {
    const probe = new BoxProbe(fakeAgent([{ at: 100, usageUsec: 1_000_000 }, { at: 103, usageUsec: 1_600_000 }]));
    const before = (await probe.read()).cgroups;
    const after = (await probe.read()).cgroups;
    expect([before.monotonicMs, after.monotonicMs]).toEqual([100_000, 103_000]);
    const elapsed = boxElapsedMs(before, after);
    expect(elapsed).toBe(3000);
    // 0.6 s of CPU in 3 s on the box: 0.2 CPUs, whatever the host's clock said around the reads.
    expect(cpuRate(before.cgroups[0]!, after.cgroups[0]!, elapsed!)).toBeCloseTo(0.2);
    await probe.dispose();
  });

  it('has no box time when a reading lacks it, or the clock went back (a new box)', async () => {
    const probe = new BoxProbe(fakeAgent([{ at: 100, usageUsec: 0 }, { at: 5, usageUsec: 0 }]));
    const first = (await probe.read()).cgroups;
    expect(boxElapsedMs({ ...first, monotonicMs: undefined }, first)).toBeUndefined();
    expect(boxElapsedMs(first, (await probe.read()).cgroups)).toBeUndefined();
    await probe.dispose();
  });
});
