import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNamespaceLink, parseNamespaceProbe } from '../../electron/probes/ns/parse';
import { innerPid } from '../../electron/shared/snapshots';

const fixture = readFileSync(new URL('../fixtures/ns/box-with-nested-namespaces.txt', import.meta.url), 'utf8');

describe('parseNamespaceProbe on real box output', () => {
  const snapshot = parseNamespaceProbe(fixture, '2026-11-25T00:00:00Z');
  const byPid = (pid: number) => snapshot.processes.find((p) => p.pid === pid);

  it('lists every process but the probe itself, sorted by pid', () => {
    expect(snapshot.processes.map((p) => p.pid)).toEqual([1, 7, 8, 14, 15, 17, 18, 25, 26, 32]);
  });

  it('reads all ten namespace links of the box init', () => {
    const init = byPid(1)!;
    expect(init.name).toBe('tini');
    expect(init.command).toBe('/usr/bin/tini -- sleep infinity');
    expect(Object.keys(init.namespaces).sort()).toEqual(
      ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'pid_for_children', 'time', 'time_for_children', 'user', 'uts'].sort(),
    );
    expect(init.namespaces.uts).toBe(4026532327);
  });

  it('shows unshare in its new UTS namespace with children bound for a new PID namespace', () => {
    const unshare = byPid(14)!;
    expect(unshare.command).toBe('unshare --uts --pid --fork --mount-proc sh -c hostname lab-a; sleep 1000');
    expect(unshare.namespaces.uts).not.toBe(byPid(1)!.namespaces.uts);
    expect(unshare.namespaces.pid).toBe(byPid(1)!.namespaces.pid);
    expect(unshare.namespaces.pid_for_children).not.toBe(unshare.namespaces.pid);
  });

  it('reads NSpid: PID 1 inside the nested namespace, another PID outside', () => {
    expect(byPid(15)!.nspid).toEqual([15, 1]);
    expect(innerPid(byPid(15)!)).toBe(1);
    expect(innerPid(byPid(17)!)).toBe(3);
    expect(innerPid(byPid(7)!)).toBe(7);
  });

  it('keeps one hostname per UTS namespace, read from inside it', () => {
    expect(snapshot.hostnames).toEqual({ 4026532327: 'nslab-box', 4026532401: 'lab-a' });
  });

  it('reads the ID maps of each user namespace once, spaces folded', () => {
    const init = byPid(1)!;
    const mapped = byPid(32)!;
    expect(mapped.command).toBe('sleep 998');
    expect(mapped.namespaces.user).not.toBe(init.namespaces.user);
    expect(snapshot.userMaps[init.namespaces.user!]).toEqual({ uidMap: ['0 0 4294967295'], gidMap: ['0 0 4294967295'] });
    expect(snapshot.userMaps[mapped.namespaces.user!]).toEqual({ uidMap: ['0 0 1'], gidMap: ['0 0 1'] });
  });

  it('knows which user namespace owns each namespace, and the parents of user and PID namespaces', () => {
    const init = byPid(1)!;
    const mapped = byPid(32)!;
    expect(snapshot.relations[mapped.namespaces.user!]).toEqual({ type: 'user', owner: init.namespaces.user, parent: init.namespaces.user });
    expect(snapshot.relations[byPid(15)!.namespaces.pid!]).toEqual({ type: 'pid', owner: init.namespaces.user, parent: init.namespaces.pid });
    // The box's own user namespace is the host's initial one: its owner is not visible.
    expect(snapshot.relations[init.namespaces.user!]).toEqual({ type: 'user' });
  });

  it('tolerates processes that vanished mid-read and unknown lines', () => {
    const partial = parseNamespaceProbe('S 9 0\nP 3\nP 4\nT Name:\tsh\nN uts uts:[5]\nN bogus weird\nX junk\nC\nP 9\nT Name:\tsh\n');
    expect(partial.processes).toEqual([{ pid: 4, ppid: 0, name: 'sh', command: '', nspid: [], namespaces: { uts: 5 } }]);
    expect(partial.userMaps).toEqual({});
    expect(partial.relations).toEqual({});
  });

  it('leaves out every nslab probe running meanwhile, with its children', () => {
    const b64 = (argv: string[]) => Buffer.from(`${argv.join('\0')}\0`).toString('base64');
    const record = (pid: number, ppid: number, argv: string[]) => `P ${pid}\nT Name:\t${argv[0]}\nT PPid:\t${ppid}\nC ${b64(argv)}\n`;
    const output =
      'S 50 0\n' +
      record(1, 0, ['tini']) +
      record(40, 0, ['timeout', '-s', 'KILL', '10', 'sh', '-c', 'find /sys/fs/cgroup', 'nslab-probe']) +
      record(41, 40, ['sh', '-c', 'find /sys/fs/cgroup', 'nslab-probe']) +
      record(42, 41, ['find', '/sys/fs/cgroup']) +
      record(43, 1, ['sleep', '1000']);
    expect(parseNamespaceProbe(output).processes.map((p) => p.pid)).toEqual([1, 43]);
  });

  it('parses namespace links strictly', () => {
    expect(parseNamespaceLink('mnt:[4026531841]')).toEqual({ type: 'mnt', inode: 4026531841 });
    expect(parseNamespaceLink('mnt:4026531841')).toBeUndefined();
  });
});
