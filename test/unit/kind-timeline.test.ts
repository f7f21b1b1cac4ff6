// The kind node's timeline `npm run test:kind` prints (scripts/kind-timeline.ts):
// the probe's output parsed, probes folded into first-seen times, and lines.
import { describe, expect, it } from 'vitest';
import { foldProbe, parseNodeProbe, timelineLines, type NodeTimeline } from '../../scripts/kind-timeline';

// What the probe script printed in a node whose API server was still starting.
const early = [
  'now 1700000100',
  'load 3.52',
  'unit containerd 1700000010',
  'unit kubelet 1700000020',
  'container etcd 0 1700000050000000000 CONTAINER_RUNNING',
  'container kube-apiserver 0 1700000060500000000 CONTAINER_CREATED',
  'etcd-ready 2023-11-14T22:15:20.250000000Z',
].join('\n');
const later = ['now 1700000400', 'load 1.5', 'unit kubelet 1700000020', 'container kube-apiserver 0 1700000060500000000 CONTAINER_RUNNING', 'livez 1700000390'].join('\n');

describe('parseNodeProbe', () => {
  it('reads every fact the probe prints', () => {
    expect(parseNodeProbe(early)).toEqual({
      now: 1700000100,
      load: 3.52,
      units: { containerd: 1700000010, kubelet: 1700000020 },
      containers: { 'etcd#0': { created: 1700000050, state: 'CONTAINER_RUNNING' }, 'kube-apiserver#0': { created: 1700000060.5, state: 'CONTAINER_CREATED' } },
      etcdReady: 1700000120.25,
      exits: {},
      warnings: [],
    });
  });

  it('reads why a control-plane container exited, the free memory and the kube-system warnings', () => {
    const probe = parseNodeProbe(
      [
        'now 1700000700',
        'memavail 2811',
        'exit kube-apiserver 0 0 2023-11-14T22:20:30.5Z Completed',
        'event 2023-11-14T22:20:10Z 9 Unhealthy kube-apiserver-nslab-control-plane Liveness probe failed: HTTP probe failed with statuscode: 500',
        'event 2023-11-14T22:20:20Z 1 Killing kube-apiserver-nslab-control-plane Container kube-apiserver failed liveness probe, will be restarted',
      ].join('\n'),
    );
    expect(probe).toMatchObject({
      memAvailableMiB: 2811,
      exits: { 'kube-apiserver#0': { code: 0, reason: 'Completed', finished: 1700000430.5 } },
      warnings: [
        { last: 1700000410, count: 9, what: 'Unhealthy kube-apiserver-nslab-control-plane: Liveness probe failed: HTTP probe failed with statuscode: 500' },
        { last: 1700000420, count: 1, what: 'Killing kube-apiserver-nslab-control-plane: Container kube-apiserver failed liveness probe, will be restarted' },
      ],
    });
    const timeline = foldProbe({ events: {}, probes: 0, clockOffset: 0 }, probe!);
    expect(timeline.events['kube-apiserver#0 exited: code 0 (Completed)']).toBe(1700000430.5);
    const lines = timelineLines(timeline, 1700000000);
    expect(lines).toContain("the guest's MemAvailable, lowest seen: 2811 MiB");
    expect(lines).toContain('kube-system warning ×1, last at +420 s: Killing kube-apiserver-nslab-control-plane: Container kube-apiserver failed liveness probe, will be restarted');
  });

  it('is undefined for output without the clock line (the exec failed)', () => {
    expect(parseNodeProbe('Error response from daemon: No such container')).toBeUndefined();
  });
});

describe('foldProbe and timelineLines', () => {
  it('keeps the first time each thing was seen, and the range of the load', () => {
    let timeline: NodeTimeline = { events: {}, probes: 0, clockOffset: 2 };
    for (const text of [early, later]) timeline = foldProbe(timeline, parseNodeProbe(text)!);
    expect(timeline.events).toEqual({
      'containerd started': 1700000010,
      'kubelet started': 1700000020,
      'etcd#0 created': 1700000050,
      'etcd#0 running (seen)': 1700000100,
      'kube-apiserver#0 created': 1700000060.5,
      'kube-apiserver#0 running (seen)': 1700000400,
      'etcd ready to serve': 1700000120.25,
      'API server /livez ok (seen)': 1700000390,
    });
    expect(timeline).toMatchObject({ load: { min: 1.5, max: 3.52 }, probes: 2, clockOffset: 2 });

    // The origin is this machine's clock: 2 s ahead of the node's.
    const lines = timelineLines(timeline, 1700000002);
    expect(lines[0]).toBe('+   10 s  22:13:30  containerd started');
    expect(lines[7]).toBe('+  400 s  22:20:00  kube-apiserver#0 running (seen)');
    expect(lines[8]).toMatch(/^guest load average \(1 min\) seen: 1\.5-3\.52 over 2 probes/);
  });
});
