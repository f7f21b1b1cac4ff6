// Following the box: while panels watch, the probe agent sends a namespace, mount
// or cgroup change as it happens (POLLPRI on mountinfo, inotify on the cgroup dirs,
// its look at whether the box ran at all), not at its next whole reading. The
// watcher here asks for a whole reading once an hour, so each change it sees came
// by one of those ways. The changes are typed into a shell in the box, as a learner
// would. How fast is for `npm run bench` (scripts/bench-probe.ts), not for a test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabBox } from '../../electron/env/docker/box';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import type { BoxReading, EnvironmentShell } from '../../electron/engine/environment';

const HOUR_MS = 3_600_000;
/** bound of each wait: far beyond any event's path, far below the whole reading's hour */
const WAIT_MS = 60_000;

let box: LabBox;
let shell: EnvironmentShell;
let unwatch: () => void;
let latest: BoxReading | undefined;
let waiter: (() => void) | undefined;

/** Types `line` into the box's shell and waits until a pushed reading satisfies `seen`. */
async function changeAndSee(line: string, seen: (reading: BoxReading) => boolean, what: string): Promise<BoxReading> {
  const arrived = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no pushed reading showed ${what} within ${WAIT_MS / 1000} s`)), WAIT_MS);
    waiter = () => {
      if (latest && seen(latest)) {
        clearTimeout(timer);
        waiter = undefined;
        resolve();
      }
    };
  });
  shell.write(`${line}\n`);
  await arrived;
  return latest!;
}

const mountAt = (r: BoxReading, target: string) => r.mounts.tables[0]?.mounts.findLast((m) => m.mountPoint === target);
const cgroupAt = (r: BoxReading, path: string) => r.cgroups.cgroups.find((c) => c.path === path);
const processOf = (r: BoxReading, command: string) => r.namespaces.processes.find((p) => p.command === command);

beforeAll(async () => {
  box = await LabBox.create(await connectDocker(), { image: DEFAULT_BOX_IMAGE, labId: 'follow-itest', hostname: 'nslab-box', writableCgroups: true });
  shell = await box.openShell({ command: ['sh'] });
  const first = new Promise<void>((resolve) => {
    unwatch = box.state.watch((reading) => {
      latest = reading;
      resolve();
      waiter?.();
    }, HOUR_MS);
  });
  await first;
});
afterAll(async () => {
  unwatch?.();
  shell?.dispose();
  await box?.dispose();
});

describe('a watcher of the probe', () => {
  it('gets a mount, its propagation and its unmounting as they happen', async () => {
    await changeAndSee('mkdir -p /lab/fa && mount -t tmpfs follow-a /lab/fa', (r) => mountAt(r, '/lab/fa')?.source === 'follow-a', 'the tmpfs mounted');
    // a change of propagation alone wakes no poller of mountinfo: the agent's look at the box's activity finds it
    await changeAndSee('mount --make-shared /lab/fa', (r) => mountAt(r, '/lab/fa')?.propagation === 'shared', 'the mount made shared');
    await changeAndSee('umount /lab/fa', (r) => mountAt(r, '/lab/fa') === undefined, 'the tmpfs unmounted');
  });

  it('gets a cgroup made, limited, joined and removed as it happens', async () => {
    const v2 = box.facts.cgroupVersion === 'v2';
    const dir = v2 ? '/sys/fs/cgroup/follow' : '/sys/fs/cgroup/memory/follow';
    await changeAndSee(`mkdir ${dir}`, (r) => cgroupAt(r, '/follow') !== undefined, 'the cgroup made');
    await changeAndSee(`echo 48M > ${dir}/${v2 ? 'memory.max' : 'memory.limit_in_bytes'}`, (r) => cgroupAt(r, '/follow')?.limits.memoryMax === 48 * 1024 * 1024, 'its memory limit');
    await changeAndSee(`sh -c 'echo $$ > ${dir}/cgroup.procs; exec sleep 3601' &`, (r) => cgroupAt(r, '/follow')?.procs.length === 1, 'a process in it');
    await changeAndSee(`kill $! && while ! rmdir ${dir} 2>/dev/null; do sleep 0.1; done`, (r) => cgroupAt(r, '/follow') === undefined, 'the cgroup removed');
  });

  it('gets a process in a new namespace, its hostname, and its end as they happen', async () => {
    const reading = await changeAndSee(
      "unshare --uts sh -c 'hostname inner; exec sleep 3602' &",
      (r) => r.namespaces.processes.some((p) => p.command === 'sleep 3602' && r.namespaces.hostnames[p.namespaces.uts!] === 'inner'),
      'the process in its own UTS namespace, named inner',
    );
    expect(processOf(reading, 'sleep 3602')!.namespaces.uts).not.toBe(reading.namespaces.processes.find((p) => p.pid === 1)!.namespaces.uts);
    await changeAndSee('kill $!', (r) => processOf(r, 'sleep 3602') === undefined, 'the process gone');
  });
});
