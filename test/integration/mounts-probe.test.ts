// The mounts and overlay probes on a real lab box, with mounts made by real
// commands, read by the probe agent beside the box.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabBox } from '../../electron/env/docker/box';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import { readOverlay } from '../../electron/probes/overlay/read';
import type { MountTable } from '../../electron/shared/mount-snapshot';

let box: LabBox;
/** a process in a second mount namespace, copied from the box's with peer groups kept */
let secondPid: number;

async function run(script: string): Promise<string> {
  const result = await box.exec(script);
  if (result.exitCode !== 0) throw new Error(`exit ${result.exitCode}: ${result.stderr}`);
  return result.stdout;
}

/** The mount table of the namespace `pid` is in, from one reading of the probe. */
async function tableOfPid(pid: number): Promise<MountTable> {
  const { namespaces, mounts } = await box.state.read();
  const mntNs = namespaces.processes.find((p) => p.pid === pid)?.namespaces.mnt;
  const table = mounts.tables.find((t) => t.mntNs === mntNs);
  if (!table) throw new Error(`no mount table for pid ${pid}`);
  return table;
}

beforeAll(async () => {
  box = await LabBox.create(await connectDocker(), { image: DEFAULT_BOX_IMAGE, labId: 'mounts-itest', hostname: 'nslab-box' });
  await run(`set -e
    mkdir -p /lab/shared /lab/bind /lab/slave
    mount -t tmpfs shared-src /lab/shared
    mount --make-shared /lab/shared
    mount --bind /lab/shared /lab/bind
    mount --bind /lab/shared /lab/slave
    mount --make-slave /lab/slave
    mkdir /lab/shared/sub`);
  // unshare without --fork execs sleep, so $! is the process in the new namespace.
  secondPid = Number(await run('unshare --mount --propagation unchanged sleep 1000 >/dev/null 2>&1 & echo $!'));
  await run(`nsenter -t ${secondPid} -m mount -t tmpfs from-second /lab/shared/sub`);
});
afterAll(async () => {
  await box?.dispose();
});

describe('mount tables on a real box', () => {
  it('reads propagation and peer groups across two mount namespaces, one table each', async () => {
    const snapshot = (await box.state.read()).mounts;
    expect(snapshot.tables.map((t) => t.pid)).toEqual([1, secondPid]);
    const [boxTable, second] = snapshot.tables;
    expect(boxTable!.mntNs).not.toBe(second!.mntNs);

    const at = (path: string) => boxTable!.mounts.findLast((m) => m.mountPoint === path)!;
    expect(at('/lab/shared').propagation).toBe('shared');
    expect(at('/lab/bind').shared).toBe(at('/lab/shared').shared);
    expect(at('/lab/slave')).toMatchObject({ propagation: 'slave', master: at('/lab/shared').shared });
    expect(at('/lab').propagation).toBe('private');

    const group = snapshot.peerGroups.find((g) => g.id === at('/lab/shared').shared)!;
    expect(group.members.map((m) => [m.mntNs === boxTable!.mntNs ? 'box' : 'second', m.mountPoint])).toEqual([
      ['box', '/lab/shared'],
      ['box', '/lab/bind'],
      ['second', '/lab/shared'],
      ['second', '/lab/bind'],
    ]);
    expect(group.slaves.map((m) => m.mountPoint)).toEqual(['/lab/slave', '/lab/slave']);

    // Mounted in the second namespace, received by every peer and slave in the box's.
    const sub = ['/lab/shared/sub', '/lab/bind/sub', '/lab/slave/sub'].map((p) => boxTable!.mounts.find((m) => m.mountPoint === p));
    expect(sub.map((m) => m?.source)).toEqual(['from-second', 'from-second', 'from-second']);
    expect(sub[2]!.propagation).toBe('slave');
  });
});

describe('readOverlay on a real box', () => {
  beforeAll(async () => {
    // Mounted inside the second namespace (its /lab is private), so the probe must read it from there.
    await run(`nsenter -t ${secondPid} -m sh -ec '
      cd /lab && mkdir -p ov/l1/gone-dir ov/l2 ov/up ov/wk ov/mnt
      echo l1 > ov/l1/modify-me; echo l1 > ov/l1/remove-me; echo l1 > ov/l1/gone-dir/old; echo l2 > ov/l2/top
      mount -t overlay ov -o lowerdir=/lab/ov/l2:/lab/ov/l1,upperdir=/lab/ov/up,workdir=/lab/ov/wk /lab/ov/mnt
      cd /lab/ov/mnt
      echo changed >> modify-me
      rm remove-me
      echo new > brand-new
      rm -rf gone-dir && mkdir gone-dir && echo fresh > gone-dir/fresh'`);
  });

  it('classifies the upper dir of an overlay mounted in another mount namespace', async () => {
    const snapshot = await readOverlay(box.state, await tableOfPid(secondPid), '/lab/ov/mnt');
    expect(snapshot?.mount).toMatchObject({ lowerDirs: ['/lab/ov/l2', '/lab/ov/l1'], upperDir: '/lab/ov/up', workDir: '/lab/ov/wk' });
    // The agent reads trusted.overlay.opaque itself: the box's tools play no part.
    expect(snapshot?.entries.map((e) => [e.path, e.state, e.kind])).toEqual([
      ['brand-new', 'new', 'file'],
      ['gone-dir', 'opaque-dir', 'dir'],
      ['gone-dir/fresh', 'new', 'file'],
      ['modify-me', 'copied-up', 'file'],
      ['remove-me', 'whiteout', 'file'],
    ]);
  });

  it('finds no overlay where the process sees none, and says why it cannot list the box’s own root', async () => {
    const boxTable = await tableOfPid(1);
    expect(await readOverlay(box.state, boxTable, '/lab/ov/mnt')).toBeUndefined();
    // The box's root overlay names dirs of the host, which the box cannot reach.
    await expect(readOverlay(box.state, boxTable, '/')).rejects.toThrow(/overlay probe failed: cannot open \/var\/lib/);
  });
});
