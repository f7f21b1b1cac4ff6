import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMountsProbe } from '../../electron/probes/mounts/parse';
import { overlayMountOf, parseOverlayListing } from '../../electron/probes/overlay/parse';
import type { MountTable, OverlayMount } from '../../electron/shared/mount-snapshot';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/overlay/${name}`, import.meta.url), 'utf8');
const table = parseMountsProbe(fixture('mountinfo.txt')).tables[0] as MountTable;

describe('overlayMountOf on a real mount table', () => {
  it('reads the lower dirs topmost first, one path holding an escaped colon and comma', () => {
    expect(overlayMountOf(table, '/lab/ov/mnt')).toEqual({
      mntNs: 4026532177,
      mountPoint: '/lab/ov/mnt',
      lowerDirs: ['/lab/ov/l2', '/lab/ov/odd:colon,comma', '/lab/ov/l1'],
      upperDir: '/lab/ov/up',
      workDir: '/lab/ov/wk',
    });
  });

  it('reads lowerdir+ options, one layer each', () => {
    expect(overlayMountOf(table, '/lab/p/m')?.lowerDirs).toEqual(['/lab/p/a', '/lab/p/b']);
  });

  it('shows relative dirs as they were given at mount time', () => {
    expect(overlayMountOf(table, '/lab/rel/m')).toMatchObject({ lowerDirs: ['lo'], upperDir: 'up', workDir: 'wk' });
  });

  it('finds nothing where the visible mount is not an overlay or there is no mount', () => {
    // /lab/stack: a read-only overlay (no upper dir) with a tmpfs mounted over it.
    expect(overlayMountOf(table, '/lab/stack')).toBeUndefined();
    expect(overlayMountOf(table, '/lab')).toBeUndefined();
    expect(overlayMountOf(table, '/lab/ov')).toBeUndefined();
  });

  it('has no upper dir for a read-only overlay', () => {
    const hidden = { ...table, mounts: table.mounts.filter((m) => m.source !== 'over') };
    expect(overlayMountOf(hidden, '/lab/stack')).toEqual({
      mntNs: 4026532177,
      mountPoint: '/lab/stack',
      lowerDirs: ['/lab/ro/lo1', '/lab/ro/lo2'],
    });
  });
});

describe('parseOverlayListing on a real upper dir', () => {
  const mount = overlayMountOf(table, '/lab/ov/mnt') as OverlayMount;

  it('classifies every upper entry, sorted by path', () => {
    const snapshot = parseOverlayListing(mount, fixture('listing.txt'), '2026-11-25T00:00:00Z');
    expect(snapshot.takenAt).toBe('2026-11-25T00:00:00Z');
    expect(snapshot.mount).toBe(mount);
    expect(snapshot.entries).toEqual([
      { path: 'brand-new', state: 'new', kind: 'file' },
      // Copying up dir/inner copied its parent dir up first.
      { path: 'dir', state: 'copied-up', kind: 'dir' },
      { path: 'dir/inner', state: 'copied-up', kind: 'file' },
      { path: 'dir2', state: 'whiteout', kind: 'dir' },
      { path: 'gone-dir', state: 'opaque-dir', kind: 'dir' },
      { path: 'gone-dir/fresh', state: 'new', kind: 'file' },
      // Same name as a lower file, but the opaque dir above it hides that one.
      { path: 'gone-dir/old', state: 'new', kind: 'file' },
      { path: 'link', state: 'new', kind: 'other' },
      { path: 'modify-me', state: 'copied-up', kind: 'file' },
      // A dir made where no lower one was is not marked opaque.
      { path: 'new-dir', state: 'new', kind: 'dir' },
      { path: 'remove-me', state: 'whiteout', kind: 'file' },
    ]);
  });

  it('tells a copy-up (the kernel recorded its origin) from an upper file written by hand', () => {
    const l2l1: OverlayMount = { mntNs: 1, mountPoint: '/lab/ov/mnt', lowerDirs: ['/lab/ov/l2', '/lab/ov/l1'], upperDir: '/lab/ov/up', workDir: '/lab/ov/wk' };
    const states = Object.fromEntries(parseOverlayListing(l2l1, fixture('listing-origin.txt')).entries.map((e) => [e.path, e.state]));
    expect(states).toEqual({
      a: 'copied-up',
      b: 'whiteout',
      c: 'new',
      conf: 'opaque-dir',
      'conf/new.conf': 'new',
      dir: 'copied-up',
      'dir/inner': 'copied-up',
      hand: 'replaced',
    });
  });

  it('cannot see opaque dirs without getfattr: the recreated dir reads as copied up', () => {
    const states = Object.fromEntries(
      parseOverlayListing(mount, fixture('listing-without-getfattr.txt')).entries.map((e) => [e.path, e.state]),
    );
    expect(states['gone-dir']).toBe('copied-up');
    expect(states['gone-dir/old']).toBe('copied-up');
    expect(states['gone-dir/fresh']).toBe('new');
    expect(states['remove-me']).toBe('whiteout');
  });

  it('ignores lines it does not know', () => {
    expect(parseOverlayListing(mount, 'X junk\nU broken\n\n').entries).toEqual([]);
  });
});
