// The CSI panel's layout of a real snapshot (the attach fixture: the
// controller's VolumeAttachment answered by hand) with and without the
// driver's call log.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStorage } from '../../electron/probes/storage/parse';
import type { CsiCall, CsiSnapshot } from '../../electron/shared/csi-call';
import { csiFlows, recentCalls } from '../../renderer/src/panels/csi-flow';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/kube/${name}`, import.meta.url), 'utf8'));
const storage = parseStorage(fixture('attach-cluster.json'), fixture('attach-namespaced.json'), 'nslab-fx', 'fx-', '2026-12-05T02:23:00Z');
const staging = '/var/lib/kubelet/plugins/kubernetes.io/csi/csi.nslab.dev/5f1e/globalmount';
const target = (pod: string) => `/var/lib/kubelet/pods/${pod}/volumes/kubernetes.io~csi/fx-data-pv/mount`;
let clock = 0;
const call = (method: string, fields: Partial<CsiCall> = {}): CsiCall => ({
  at: new Date(Date.UTC(2026, 11, 5, 2, 30, clock++)).toISOString(),
  method,
  service: method.startsWith('Node') ? 'Node' : 'Controller',
  ms: 2,
  code: 'OK',
  volumeId: 'fx-vol-1',
  ...fields,
});
const log = (calls: CsiCall[]): CsiSnapshot => ({ takenAt: '2026-12-05T02:31:00Z', source: { log: '/var/lib/nslab-csi/calls.jsonl' }, calls });

describe('the CSI panel without the driver log', () => {
  it('draws only CSI volumes, and reads the attach from the VolumeAttachment', () => {
    const flows = csiFlows(storage, undefined);
    expect(flows.map((f) => f.volume.name).sort()).toEqual(['fx-data-pv', 'fx-hand-pv']);
    const data = flows.find((f) => f.volume.name === 'fx-data-pv')!;
    expect(data.nodeListed).toBe(true);
    expect(data.setup.map((s) => [s.method, s.state])).toEqual([
      ['CreateVolume', 'not-yet'],
      ['ControllerPublishVolume', 'done'],
      ['NodeStageVolume', 'not-yet'],
      ['NodePublishVolume', 'not-yet'],
    ]);
    expect(data.setup[1]!.evidence).toContain('attached: true');
    const hand = flows.find((f) => f.volume.name === 'fx-hand-pv')!;
    expect(hand.setup[1]).toMatchObject({ state: 'asked', evidence: 'VolumeAttachment fx-by-hand waits for the attacher' });
    expect(hand.nodeListed).toBe(false);
  });
});

describe('the CSI panel with the driver log', () => {
  it('stages once, publishes per pod, and forgets what was torn down', () => {
    const calls = [
      call('NodeStageVolume', { stagingPath: staging }),
      call('NodePublishVolume', { stagingPath: staging, targetPath: target('uid-a') }),
      call('NodePublishVolume', { stagingPath: staging, targetPath: target('uid-b') }),
      call('NodeUnpublishVolume', { targetPath: target('uid-a') }),
      call('NodeExpandVolume', { code: 'UNIMPLEMENTED', error: 'not offered' }),
    ];
    const data = csiFlows(storage, log(calls)).find((f) => f.volume.name === 'fx-data-pv')!;
    expect(data.stagingPath).toBe(staging);
    expect(data.publishPaths).toEqual([target('uid-b')]);
    expect(data.setup.find((s) => s.method === 'NodePublishVolume')!.call?.targetPath).toBe(target('uid-b'));
    expect(data.teardown.map((s) => s.state)).toEqual(['done', 'not-yet', 'not-yet', 'not-yet']);
  });

  it("shows a failed call as failed, and unstaging takes the staging path away", () => {
    const calls = [call('NodeStageVolume', { stagingPath: staging }), call('NodeUnstageVolume', { stagingPath: staging }), call('DeleteVolume', { code: 'FAILED_PRECONDITION', error: 'still attached' })];
    const data = csiFlows(storage, log(calls)).find((f) => f.volume.name === 'fx-data-pv')!;
    expect(data.stagingPath).toBeUndefined();
    expect(data.teardown.find((s) => s.method === 'DeleteVolume')).toMatchObject({ state: 'failed', call: { error: 'still attached' } });
  });

  it('shows a call refused ABORTED (another call for the volume was running) as retried, and the retry that followed as done', () => {
    const busy = { code: 'ABORTED', error: 'an operation on volume fx-vol-1 is still in progress: try again once it ends' };
    const pending = csiFlows(storage, log([call('NodeStageVolume', { stagingPath: staging, ...busy })])).find((f) => f.volume.name === 'fx-data-pv')!;
    expect(pending.setup.find((s) => s.method === 'NodeStageVolume')).toMatchObject({ state: 'retried', call: { code: 'ABORTED' } });
    const calls = [call('NodeStageVolume', { stagingPath: staging, ...busy }), call('NodeStageVolume', { stagingPath: staging })];
    const data = csiFlows(storage, log(calls)).find((f) => f.volume.name === 'fx-data-pv')!;
    expect(data.setup.find((s) => s.method === 'NodeStageVolume')!.state).toBe('done');
  });

  it('says what the resizer and the snapshotter asked: grown on the controller, waiting on the node, copied, restored', () => {
    const MiB = 1024 ** 2;
    const calls = [
      call('CreateVolume', { capacityBytes: 64 * MiB, snapshotId: 'snap-old' }),
      call('ControllerExpandVolume', { capacityBytes: 100 * MiB }),
      call('ControllerExpandVolume', { capacityBytes: 128 * MiB }),
      call('CreateSnapshot', { snapshotId: 'snap-1' }),
      call('CreateSnapshot', { snapshotId: 'snap-1' }),
      call('CreateSnapshot', { snapshotId: 'snap-2', code: 'INTERNAL' }),
    ];
    const flow = (more: CsiCall[]) => csiFlows(storage, log([...calls, ...more])).find((f) => f.volume.name === 'fx-data-pv')!;
    expect(flow([]).resize).toEqual({ controllerBytes: 128 * MiB, snapshots: ['snap-1'], restoredFrom: 'snap-old' });
    expect(flow([call('NodeExpandVolume', { capacityBytes: 128 * MiB })]).resize.nodeBytes).toBe(128 * MiB);
    expect(csiFlows(storage, undefined)[0]!.resize).toEqual({ snapshots: [] });
  });

  it("lists the newest calls about the learner's volumes (and about none), newest first", () => {
    const calls = [call('GetPluginInfo', { service: 'Identity' }), call('CreateVolume', { volumeId: 'other-vol' }), call('CreateVolume')];
    delete calls[0]!.volumeId;
    expect(recentCalls(storage, log(calls)).map((c) => `${c.method}:${c.volumeId ?? '-'}`)).toEqual(['CreateVolume:fx-vol-1', 'GetPluginInfo:-']);
  });
});
