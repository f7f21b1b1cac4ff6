// The probe agent follows the processes of nested PID namespaces and records
// each exit as it happens, while it watches (the panels) as well as when asked
// (the grader): one real box, the middle init of two nested namespaces killed
// (the kernel ends the nested one), then the nested init killed by hand first.
// The records outlive the agent: a second agent (what `nslab grade --attach`
// starts) finds them in the probe's journal; an exit while no agent ran is
// recorded as unseen; an agent whose journal is lost and that finds nested
// namespaces running says its records began late.
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabBox } from '../../electron/env/docker/box';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import { openAgent } from '../../electron/env/docker/probe-container';
import type { BoxReading } from '../../electron/engine/environment';
import { BoxProbe } from '../../electron/probes/agent/box-probe';
import type { ExitedProcess } from '../../electron/shared/snapshots';
import { until } from '../helpers/until';

let docker: Docker;
let box: LabBox;

beforeAll(async () => {
  docker = await connectDocker();
  box = await LabBox.create(docker, { image: DEFAULT_BOX_IMAGE, labId: 'exits-itest', hostname: 'nslab-box' });
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

/**
 * A reading that has the exit of `command`: a dying init's pidfd turns readable
 * only once the rest of its namespace is reaped, which a reading may come before.
 */
function exitRecorded(command: string): Promise<BoxReading> {
  return until(`the exit of ${command} recorded`, async () => {
    const reading = await box.state!.read();
    return endOf(reading.namespaces.exited ?? [], command) ? reading : undefined;
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
    const after = await exitRecorded('sleep 3730');
    expect(after.namespaces.processes.some((p) => /^sleep 373/.test(p.command))).toBe(false);
  });

  /** Another agent in the box's probe container, as `nslab grade --attach` starts one. */
  function secondAgent(): BoxProbe {
    return new BoxProbe(() => openAgent(docker.getContainer(`nslab-probe-exits-itest-${box.sessionId}`)));
  }

  it('gives a second agent the exits the first recorded before it started', async () => {
    await nest(3740, 3741);
    await box.exec(`kill -KILL $(pgrep -xf 'sleep 3740')`);
    await exitRecorded('sleep 3740');
    const attached = secondAgent();
    try {
      const exited = (await attached.read()).namespaces.exited ?? [];
      const nested = endOf(exited, 'sleep 3741');
      expect(nested?.endedWith).toBe(endOf(exited, 'sleep 3740')?.process.namespaces.pid);
      expect(nested?.unseen).toBeUndefined();
      expect((await attached.read()).namespaces.exitsBegunLate).toBeUndefined();
    } finally {
      await attached.dispose();
    }
  });

  it('records as unseen the exits that happened while the learner had killed the agent', async () => {
    await nest(3750, 3751);
    // Root in the box sees the agent (perl) and may kill it; then the middle init dies unwatched.
    expect((await box.exec(`pkill -KILL -x perl; kill -KILL $(pgrep -xf 'sleep 3750')`)).exitCode).toBe(0);
    // A read may meet the dying agent once; the next starts another.
    const exited = await until('a new agent to report sleep 3751 gone', async () => {
      const found = await box.state!.read().then((r) => r.namespaces.exited ?? [], () => []);
      return endOf(found, 'sleep 3751') ? found : undefined;
    }, 60_000);
    expect(endOf(exited, 'sleep 3751')).toMatchObject({ unseen: true, process: { nspid: expect.any(Array) } });
    expect(endOf(exited, 'sleep 3750')?.unseen).toBe(true);
  });

  it("keeps the records when the learner stops the probe container under its agent (its init is visible in the box)", async () => {
    await nest(3770, 3771);
    // The probe's init is the tini whose parent is outside the box (ppid 0) but not the box's PID 1.
    const killed = await box.exec(`for p in $(pgrep -x tini); do [ "$p" != 1 ] && kill -KILL "$p"; done; kill -KILL $(pgrep -xf 'sleep 3770')`);
    expect(killed.exitCode).toBe(0);
    const killedAt = new Date().toISOString();
    // Docker leaves the old agent's stream open: the read lets it go after 15 s and asks a new agent, in a restarted container.
    const exited = await until('the records read by a new agent', async () => {
      const found = await box.state!.read().then((r) => r.namespaces.exited ?? [], () => []);
      return endOf(found, 'sleep 3771') ? found : undefined;
    }, 90_000);
    // Recorded by the old agent before Docker stopped it, or as unseen by the new one: either way kept.
    expect(endOf(exited, 'sleep 3771')).toBeDefined();
    expect(endOf(exited, 'sleep 3741')?.endedWith).toBeDefined();
    // The container stopped under the agent; a read started it again (a retry after 15 s when its stream stayed open).
    await until('a read by an agent of the restarted probe container', async () => {
      const probe = await docker.getContainer(`nslab-probe-exits-itest-${box.sessionId}`).inspect();
      return probe.State.Running && probe.State.StartedAt > killedAt ? await box.state!.read().then(() => true, () => undefined) : (await box.state!.read().catch(() => undefined), undefined);
    }, 90_000);
  }, 120_000);

  it('says its records began late when its journal is gone and nested namespaces already run', async () => {
    await nest(3760, 3761);
    const probe = docker.getContainer(`nslab-probe-exits-itest-${box.sessionId}`);
    const exec = await probe.exec({ Cmd: ['rm', '-f', '/run/nslab-probe/exits'] });
    await exec.start({});
    await until('rm in the probe container to end', async () => ((await exec.inspect()).Running ? undefined : true));
    const attached = secondAgent();
    try {
      const reading = await attached.read();
      expect(reading.namespaces.exitsBegunLate).toBe(true);
      expect(reading.namespaces.processes.some((p) => p.command === 'sleep 3761')).toBe(true);
    } finally {
      await attached.dispose();
      await box.exec(`kill -KILL $(pgrep -xf 'sleep 3760')`);
    }
  });
});
