// Process selectors: "any interactive shell" accepts every shell a learner may
// start, and only shells waiting for input.
import { describe, expect, it } from 'vitest';
import { describeSelector, isInteractiveShell, selectProcesses } from '../../electron/engine/checks/selectors';
import type { NamespaceSnapshot } from '../../electron/shared/snapshots';

describe('isInteractiveShell', () => {
  it.each(['bash', '-bash', 'sh', '/bin/dash', 'zsh', 'bash -i', 'bash --norc', 'busybox sh', '/usr/bin/fish -l'])('accepts %s', (command) => {
    expect(isInteractiveShell(command)).toBe(true);
  });

  it.each(['sh -c echo $$ > x; while :; do :; done', 'bash -lc make', 'bash script.sh', 'unshare --uts bash', 'sleep 3600', 'bashful', ''])('refuses %s', (command) => {
    expect(isInteractiveShell(command)).toBe(false);
  });
});

describe('a shell selector', () => {
  const snapshot: NamespaceSnapshot = {
    takenAt: '',
    hostnames: {},
    userMaps: {},
    relations: {},
    processes: [
      [1, 'tini -- sleep infinity', [1]],
      [10, 'bash', [10]],
      [20, 'dash', [20, 1]],
      [30, 'sh -c sleep 1', [30]],
    ].map(([pid, command, nspid]) => ({ pid: pid as number, ppid: 1, name: String(command).split(' ')[0]!, command: command as string, nspid: nspid as number[], namespaces: {} })),
  };

  it('finds every interactive shell, combined with innerPid when asked', () => {
    expect(selectProcesses(snapshot, { shell: true }).map((p) => p.pid)).toEqual([10, 20]);
    expect(selectProcesses(snapshot, { shell: true, innerPid: 1 }).map((p) => p.pid)).toEqual([20]);
  });

  it('narrows to shells in a namespace of their own: not the terminals\' own shells', () => {
    const withMnt: NamespaceSnapshot = {
      ...snapshot,
      processes: snapshot.processes.map((p) => ({ ...p, namespaces: { mnt: p.pid === 20 ? 4026532999 : 4026531841 } })),
    };
    expect(selectProcesses(withMnt, { shell: true, ownNamespace: 'mnt' }).map((p) => p.pid)).toEqual([20]);
    expect(selectProcesses(withMnt, { shell: true, ownNamespace: 'uts' }).map((p) => p.pid)).toEqual([]);
    expect(describeSelector({ shell: true, ownNamespace: 'mnt' })).toBe(
      "a process that is an interactive shell (sh, bash, dash, zsh…) in a mnt namespace of its own (not the box's)",
    );
  });

  it('says what it looked for', () => {
    expect(describeSelector({ shell: true, innerPid: 1 })).toBe(
      'a process that is an interactive shell (sh, bash, dash, zsh…) that is PID 1 of its own PID namespace',
    );
  });
});
