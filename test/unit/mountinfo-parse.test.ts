import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  decodeMountField,
  mountAt,
  parseMountinfo,
  parseMountsProbe,
  parseOverlayOptions,
  peerGroups,
  splitOptions,
} from '../../electron/probes/mounts/parse';
import type { MountTable } from '../../electron/shared/mount-snapshot';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mounts/${name}`, import.meta.url), 'utf8');

const BOX_NS = 4026532177;
const SECOND_NS = 4026532250;

describe('parseMountsProbe on a real box with a second mount namespace', () => {
  const snapshot = parseMountsProbe(fixture('box-and-second-namespace.txt'), '2026-11-25T00:00:00Z');
  const [box, second] = snapshot.tables as [MountTable, MountTable];
  const at = (table: MountTable, path: string) => mountAt(table, path)!;

  it('keeps one table per namespace: a second pid in the same one and a vanished pid add nothing', () => {
    expect(snapshot.takenAt).toBe('2026-11-25T00:00:00Z');
    expect(snapshot.tables.map((t) => [t.pid, t.mntNs, t.mounts.length])).toEqual([
      [1, BOX_NS, 34],
      [30, SECOND_NS, 35],
    ]);
  });

  it('reads every field of a line', () => {
    const hostname = at(box, '/etc/hostname');
    expect(hostname).toMatchObject({
      id: 91,
      parentId: 72,
      major: 254,
      minor: 0,
      mountPoint: '/etc/hostname',
      options: ['rw', 'relatime'],
      unbindable: false,
      fsType: 'ext4',
      source: '/dev/vda',
      superOptions: ['rw', 'discard', 'resv_strict', 'resuid=65534', 'resgid=65534'],
      propagation: 'private',
    });
    expect(hostname.root).toMatch(/^\/var\/lib\/docker\/containers\/[0-9a-f]{64}\/hostname$/);
    expect(hostname.shared).toBeUndefined();
    expect(hostname.master).toBeUndefined();
    expect(at(box, '/sys/fs/cgroup/cpu').root).toMatch(/^\/docker\/[0-9a-f]{64}$/);
  });

  it('decodes a mount point and a source holding spaces and a tab', () => {
    const odd = at(box, '/lab/with space\tand tab');
    expect(odd.source).toBe('src with space');
    expect(odd.fsType).toBe('tmpfs');
  });

  it('keeps an empty source as empty (the kernel prints two spaces)', () => {
    expect(at(box, '/lab/no-source')).toMatchObject({ source: '', fsType: 'tmpfs', superOptions: ['rw'] });
  });

  it('reads each optional field and derives the propagation type', () => {
    expect(at(box, '/lab/shared')).toMatchObject({ shared: 3, propagation: 'shared' });
    expect(at(box, '/lab/bind')).toMatchObject({ shared: 3, propagation: 'shared' });
    expect(at(box, '/lab/slave')).toMatchObject({ master: 3, propagation: 'slave' });
    expect(at(box, '/lab/both')).toMatchObject({ shared: 4, master: 3, propagation: 'shared-and-slave' });
    expect(at(box, '/lab/unb')).toMatchObject({ unbindable: true, propagation: 'unbindable' });
    expect(at(box, '/lab')).toMatchObject({ propagation: 'private' });
    // Docker mounts the container root as a slave of a host peer group the box cannot see.
    expect(at(box, '/')).toMatchObject({ master: 2, propagation: 'slave', fsType: 'overlay' });
  });

  it('shows the copy made by `unshare --propagation unchanged`: peers stay peers, unbindable is dropped', () => {
    expect(at(second, '/lab/shared')).toMatchObject({ id: 99, shared: 3 });
    expect(at(second, '/lab/both')).toMatchObject({ shared: 4, master: 3 });
    expect(at(second, '/lab/unb')).toMatchObject({ unbindable: false, propagation: 'private' });
    expect(mountAt(box, '/lab/ns2-only')).toBeUndefined();
    expect(at(second, '/lab/ns2-only').propagation).toBe('private');
  });

  it('groups peers across both namespaces, with their slaves', () => {
    const group = (id: number) => snapshot.peerGroups.find((g) => g.id === id)!;
    expect(snapshot.peerGroups.map((g) => g.id)).toEqual([2, 3, 4, 5, 6]);
    expect(group(3).members).toEqual([
      { mntNs: BOX_NS, mountId: 47, mountPoint: '/lab/shared' },
      { mntNs: BOX_NS, mountId: 49, mountPoint: '/lab/bind' },
      { mntNs: SECOND_NS, mountId: 99, mountPoint: '/lab/shared' },
      { mntNs: SECOND_NS, mountId: 100, mountPoint: '/lab/bind' },
    ]);
    expect(group(3).slaves.map((s) => [s.mntNs, s.mountPoint])).toEqual([
      [BOX_NS, '/lab/slave'],
      [BOX_NS, '/lab/both'],
      [SECOND_NS, '/lab/slave'],
      [SECOND_NS, '/lab/both'],
    ]);
    // The mount made in the second namespace reached every peer and slave in both.
    expect(group(5).members.map((m) => [m.mntNs, m.mountPoint])).toEqual([
      [BOX_NS, '/lab/bind/from-ns2'],
      [BOX_NS, '/lab/shared/from-ns2'],
      [SECOND_NS, '/lab/shared/from-ns2'],
      [SECOND_NS, '/lab/bind/from-ns2'],
    ]);
    expect(group(5).slaves.map((m) => m.mountPoint)).toEqual([
      '/lab/both/from-ns2',
      '/lab/slave/from-ns2',
      '/lab/both/from-ns2',
      '/lab/slave/from-ns2',
    ]);
    expect(group(2)).toEqual({
      id: 2,
      members: [],
      slaves: [
        { mntNs: BOX_NS, mountId: 72, mountPoint: '/' },
        { mntNs: SECOND_NS, mountId: 58, mountPoint: '/' },
      ],
    });
  });

  it('finds the visible mount where two are stacked', () => {
    expect(at(box, '/lab/stack')).toMatchObject({ id: 55, parentId: 54, source: 'over' });
    expect(mountAt(box, '/lab/nowhere')).toBeUndefined();
  });
});

describe('propagate_from, as a chrooted process sees its mounts', () => {
  it('names the nearest visible peer group when a slave’s own master is out of reach', () => {
    const [table] = parseMountsProbe(fixture('chrooted-reader.txt')).tables;
    expect(table!.mounts.map((m) => [m.mountPoint, m.shared, m.master, m.propagateFrom, m.propagation])).toEqual([
      ['/a', 7, undefined, undefined, 'shared'],
      ['/s', undefined, 8, 7, 'slave'],
    ]);
  });
});

describe('mountinfo fields and errors', () => {
  it('decodes any octal escape the kernel writes', () => {
    expect(decodeMountField('a\\040b\\011c\\012d\\134e')).toBe('a b\tc\nd\\e');
    expect(decodeMountField('\\054\\075')).toBe(',=');
    expect(decodeMountField('no\\escape')).toBe('no\\escape');
  });

  it('does not split an options field on a backslash-escaped comma', () => {
    // Defensive: the kernel shows `\,` as `\134\054`, so this raw form comes only from other writers.
    expect(splitOptions('rw,lowerdir=/a\\,b:/c,upperdir=/u\\040v')).toEqual(['rw', 'lowerdir=/a\\,b:/c', 'upperdir=/u v']);
  });

  it('reads overlay options with several lower dirs, topmost first, and unescapes them', () => {
    const superOptions = splitOptions('rw,lowerdir=/lab/ov/l2:/lab/ov/odd\\134:colon\\134\\054comma:/lab/ov/l1,upperdir=/lab/ov/up,workdir=/lab/ov/wk,uuid=on');
    expect(parseOverlayOptions(superOptions)).toEqual({
      lowerDirs: ['/lab/ov/l2', '/lab/ov/odd:colon,comma', '/lab/ov/l1'],
      upperDir: '/lab/ov/up',
      workDir: '/lab/ov/wk',
    });
    expect(parseOverlayOptions(['ro', 'lowerdir=/a:/b'])).toEqual({ lowerDirs: ['/a', '/b'] });
  });

  it('ignores blank lines', () => {
    expect(parseMountinfo('\n47 89 0:49 / /lab/shared rw,relatime shared:3 - tmpfs shared-src rw\n\n')).toHaveLength(1);
  });

  it('names the line number and content of a malformed line', () => {
    const good = '47 89 0:49 / /lab/shared rw,relatime shared:3 - tmpfs shared-src rw';
    expect(() => parseMountinfo(`${good}\n47 89 0:49 / /x rw shared:3 tmpfs src rw`)).toThrow(
      'mountinfo line 2 is malformed: "47 89 0:49 / /x rw shared:3 tmpfs src rw"',
    );
    expect(() => parseMountinfo('47 89 0:49 / /x rw peer:3 - tmpfs src rw')).toThrow(/line 1/);
    expect(() => parseMountinfo('47 89 049 / /x rw - tmpfs src rw')).toThrow(/line 1/);
    expect(() => parseMountinfo('47 89 0:49 / /x rw - tmpfs src rw extra')).toThrow(/line 1/);
  });

  it('rejects a malformed probe header', () => {
    expect(() => parseMountsProbe('@ 1 uts:[4026531838]\n')).toThrow(/header/);
  });

  it('groups nothing when nothing is shared', () => {
    expect(peerGroups([{ mntNs: 1, pid: 1, mounts: parseMountinfo('89 72 0:48 / /lab rw - tmpfs tmpfs rw') }])).toEqual([]);
  });
});
