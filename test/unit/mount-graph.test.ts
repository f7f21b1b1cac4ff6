// The mount-propagation graph's layout: a column per namespace, a row per mount
// point under the focus, peers chained, master -> slave from the same mount point.
import { describe, expect, it } from 'vitest';
import type { Mount, MountSnapshot } from '../../electron/shared/mount-snapshot';
import { layoutMountGraph } from '../../renderer/src/panels/mount-graph';

const mount = (id: number, mountPoint: string, extra: Partial<Mount>): Mount =>
  ({ id, parentId: 1, mountPoint, propagation: 'private', unbindable: false, options: [], superOptions: [], fsType: 'tmpfs', source: 't', root: '/', major: 0, minor: 1, ...extra }) as Mount;

describe('layoutMountGraph', () => {
  it('links peers across namespaces and a slave to its master, and leaves out mounts outside the focus', () => {
    const snapshot: MountSnapshot = {
      takenAt: '2026-12-05T00:00:00Z',
      peerGroups: [],
      tables: [
        { mntNs: 10, pid: 1, mounts: [mount(1, '/', {}), mount(2, '/lab/p/a', { shared: 7, propagation: 'shared' }), mount(3, '/lab/p/b', { master: 7, propagation: 'slave' })] },
        { mntNs: 20, pid: 40, mounts: [mount(5, '/lab/p/a', { shared: 7, propagation: 'shared' }), mount(6, '/lab/p/b', { propagation: 'private' })] },
      ],
    };
    const graph = layoutMountGraph(snapshot, '/lab');
    expect(graph.columns.map((c) => c.mntNs)).toEqual([10, 20]);
    expect(graph.rows.map((r) => r.mountPoint)).toEqual(['/lab/p/a', '/lab/p/b']);
    expect(graph.nodes.map((n) => n.key)).toEqual(['10:2', '10:3', '20:5', '20:6']);
    expect(graph.links).toEqual([
      { from: '10:2', to: '20:5', kind: 'peer', group: 7 },
      { from: '10:2', to: '10:3', kind: 'slave', group: 7 },
    ]);
  });
});
