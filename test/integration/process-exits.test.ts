// The probe agent follows the processes of nested PID namespaces and records
// each exit as it happens, while it watches (the panels) as well as when asked
// (the grader): one real box, the middle init of two nested namespaces killed
// (the kernel ends the nested one), then the nested init killed by hand first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabBox } from '../../electron/env/docker/box';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import type { BoxReading } from '../../electron/engine/environment';
import type { ExitedProcess } from '../../electron/shared/snapshots';

let box: LabBox;

beforeAll(async () => {
  box = await LabBox.create(await connectDocker(), { image: DEFAULT_BOX_IMAGE, labId: 'exits-itest', hostname: 'nslab-box' });
});
afterAll(async () => {
  await box?.dispose();
});

/** `sleep <outer>` the init of a PID namespace, `sleep <inner>` the init of one nested in it, both seen by a reading. */
async function nest(outer: number, inner: number): Promise<void> {
  const result = await box.exec(
    `setsid unshare --pid --fork --mount-proc sh -c 'unshare --pid --fork --mount-proc sleep ${inner} & exec sleep ${outer}' >/dev/null 2>&1 </dev/null &`,
  );
  expect(result.exitCode).toBe(0);
  for (let tries = 0; tries < 100; tries++) {
    const reading = await box.state!.read();
    if (reading.namespaces.processes.some((p) => p.command === `sleep ${inner}` && p.nspid.length === 3)) return;
  }
  throw new Error(`sleep ${inner} never showed up three PID namespaces deep`);
}

/** The exit records of a watch, as soon as one names `command`; bounded by `tries` readings of the watch. */
function watchForExit(command: string): Promise<ExitedProcess[]> {
  return new Promise((resolve, reject) => {
    let readings = 0;
    const stop = box.state!.watch((reading: BoxReading) => {
      const exited = reading.namespaces.exited ?? [];
      if (exited.some((e) => e.process.command === command)) (stop(), resolve(exited));
      else if (++readings > 2000) (stop(), reject(new Error(`no exit of ${command} in 2000 readings`)));
    }, 25);
  });
}

const endOf = (exited: ExitedProcess[], command: string) => exited.find((e) => e.process.command === command);

describe('exits of processes in nested PID namespaces', () => {
  it('records, while watching, that the nested init died with the middle namespace when the middle init was killed', async () => {
    await nest(3720, 3721);
    const seen = watchForExit('sleep 3721');
    await box.exec(`kill -KILL $(pgrep -xf 'sleep 3720')`);
    const nested = endOf(await seen, 'sleep 3721');
    // The middle init's own exit comes last (its pidfd turns readable once the rest is gone): a reading after has it.
    const middle = endOf((await box.state!.read()).namespaces.exited ?? [], 'sleep 3720');
    expect(middle?.endedWith).toBeUndefined();
    expect(nested?.endedWith).toBe(middle?.process.namespaces.pid);
    expect(nested?.process.nspid).toHaveLength(3);
  });

  it('records the nested init as killed on its own when it died first, though nothing is left either way', async () => {
    await nest(3730, 3731);
    const seen = watchForExit('sleep 3731');
    await box.exec(`kill -KILL $(pgrep -xf 'sleep 3731')`);
    expect(endOf(await seen, 'sleep 3731')?.endedWith).toBeUndefined();
    await box.exec(`kill -KILL $(pgrep -xf 'sleep 3730')`);
    const after = await box.state!.read();
    expect(endOf(after.namespaces.exited ?? [], 'sleep 3730')).toBeDefined();
    expect(after.namespaces.processes.some((p) => /^sleep 373/.test(p.command))).toBe(false);
  });
});
