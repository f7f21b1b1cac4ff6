// Processes grouped by the namespace of one type they are in: the box init's first.
import { describe, expect, it } from 'vitest';
import type { BoxProcess, NamespaceSnapshot } from '../../electron/shared/snapshots';
import { groupByNamespace } from '../../renderer/src/panels/namespace-columns';

const proc = (pid: number, uts: number, mnt: number): BoxProcess =>
  ({ pid, nspid: [pid], name: 'bash', command: `bash ${pid}`, namespaces: { uts, mnt } }) as unknown as BoxProcess;

describe('groupByNamespace', () => {
  it('puts the box init\'s namespace first, then the others by inode, processes by PID', () => {
    const snapshot = { processes: [proc(40, 9, 5), proc(1, 7, 5), proc(12, 3, 5), proc(30, 7, 5)] } as unknown as NamespaceSnapshot;
    expect(groupByNamespace(snapshot, 'uts').map((g) => [g.inode, g.isInit, g.processes.map((p) => p.pid)])).toEqual([
      [7, true, [1, 30]],
      [3, false, [12]],
      [9, false, [40]],
    ]);
    expect(groupByNamespace(snapshot, 'mnt')).toHaveLength(1);
    expect(groupByNamespace(snapshot, 'time')).toEqual([]);
  });
});
