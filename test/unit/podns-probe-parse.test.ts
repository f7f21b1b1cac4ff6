// The pod namespace probe's parser on real crictl output. Real crictl v1.36.0
// and a real containerd CRI runtime, but a pod made with `crictl runp` on the
// host network instead of by a kubelet inside a kind node (no kind node image
// can be pulled here): see test/fixtures/podns/README.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePodNamespaceProbe } from '../../electron/probes/podns/parse';

const fixture = readFileSync(new URL('../fixtures/podns/crictl-two-containers.txt', import.meta.url), 'utf8');
const ref = { namespace: 'nslab-alice', pod: 'web', node: 'nslab-control-plane' };

describe('parsePodNamespaceProbe on crictl output', () => {
  const snapshot = parsePodNamespaceProbe(fixture, ref, '2026-11-25T00:00:00Z')!;
  const container = (name: string) => snapshot.containers.find((c) => c.name === name)!;

  it('names each container from `crictl ps -o json`, with its node pid', () => {
    expect(snapshot.containers.map((c) => [c.name, c.containerId.slice(0, 12), c.pid])).toEqual([
      ['sidecar', 'dc71667d7cf9', 5075],
      ['app', '51d7cf5ea92a', 5029],
    ]);
    expect(snapshot.sandbox).toMatchObject({ sandboxId: expect.stringMatching(/^6efbfda8ed09/), pid: 4921 });
    expect(snapshot).toMatchObject({ ...ref, takenAt: '2026-11-25T00:00:00Z' });
  });

  it('reads all ten namespace links of every process', () => {
    for (const process of [snapshot.sandbox, ...snapshot.containers]) {
      expect(Object.keys(process.namespaces).sort()).toEqual(
        ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'pid_for_children', 'time', 'time_for_children', 'user', 'uts'],
      );
    }
  });

  it('shows what the pod shares through its sandbox and what each container owns', () => {
    const [app, sidecar] = [container('app'), container('sidecar')];
    expect(app.namespaces.ipc).toBe(snapshot.sandbox.namespaces.ipc);
    expect(sidecar.namespaces.ipc).toBe(snapshot.sandbox.namespaces.ipc);
    expect(new Set([app.namespaces.mnt, sidecar.namespaces.mnt, snapshot.sandbox.namespaces.mnt]).size).toBe(3);
    expect(new Set([app.namespaces.pid, sidecar.namespaces.pid, snapshot.sandbox.namespaces.pid]).size).toBe(3);
    expect(app.namespaces.mnt).toBe(4026532180);
  });

  it('is undefined when the node has no ready sandbox for the pod (the script printed nothing)', () => {
    expect(parsePodNamespaceProbe('', ref)).toBeUndefined();
  });

  it('leaves out a container that exited before crictl inspect (pid 0) and survives cut JSON', () => {
    const cut = fixture.replace(/== container 51d7\S+ 5029/, (h) => h.replace(/ 5029$/, ' 0')).replace('"containers": [', '"containers": [ {');
    const partial = parsePodNamespaceProbe(cut, ref)!;
    expect(partial.containers.map((c) => c.pid)).toEqual([5075]);
    // Without crictl's list the id stands in for the name.
    expect(partial.containers[0]!.name).toBe('dc71667d7cf9a');
  });
});
