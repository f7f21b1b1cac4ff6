// csi.calls judged on a driver log: the volume found by the CreateVolume that
// named the claim, its calls in order, failures shown.
import { describe, expect, it } from 'vitest';
import { csiCalls, inOrder } from '../../electron/engine/checks/csi-checks';
import type { CsiCall } from '../../electron/shared/csi-call';
import { CheckSchema, type Check } from '../../electron/shared/lab';

let second = 0;
const call = (method: string, fields: Partial<CsiCall> = {}): CsiCall => ({
  at: new Date(Date.UTC(2026, 11, 5, 3, 0, second++)).toISOString(),
  method,
  service: 'Controller',
  ms: 1,
  code: 'OK',
  volumeId: 'pvc-1',
  ...fields,
});
const judge = (fields: Record<string, unknown>, calls: CsiCall[]) =>
  csiCalls(CheckSchema.parse({ check: 'csi.calls', claim: 'data', ...fields }) as Extract<Check, { check: 'csi.calls' }>, calls, 'nslab-ada');

const life = [
  call('CreateVolume', { claim: 'nslab-ada/data', name: 'pvc-1' }),
  call('ControllerPublishVolume', { nodeId: 'n1' }),
  call('NodeStageVolume', { service: 'Node' }),
  call('NodeStageVolume', { service: 'Node' }),
  call('NodePublishVolume', { service: 'Node' }),
  call('CreateVolume', { claim: 'nslab-bob/data', volumeId: 'pvc-2' }),
  call('NodeUnpublishVolume', { service: 'Node' }),
  call('DeleteVolume', { code: 'FAILED_PRECONDITION', error: 'still attached to n1' }),
];

describe('inOrder', () => {
  it('finds a sequence with others between, not out of order', () => {
    expect(inOrder(['A', 'x', 'B', 'C'], ['A', 'C'])).toBe(true);
    expect(inOrder(['B', 'A'], ['A', 'B'])).toBe(false);
  });
});

describe('csi.calls', () => {
  it("follows the learner's claim to its volume, and says what the driver answered", () => {
    const v = judge({ sequence: ['CreateVolume', 'ControllerPublishVolume', 'NodeStageVolume', 'NodePublishVolume'] }, life);
    expect(v.pass).toBe(true);
    expect(v.found).toContain('for volume pvc-1 the driver answered CreateVolume → ControllerPublishVolume → NodeStageVolume → NodePublishVolume → NodeUnpublishVolume');
    expect(v.found).toContain('failed: DeleteVolume FAILED_PRECONDITION (still attached to n1)');
  });

  it('shows a call refused ABORTED (another call for the volume ran; the caller retries) as retried, not failed', () => {
    const busy = 'an operation on volume pvc-1 is still in progress: try again once it ends';
    const calls = [...life.slice(0, 3), call('NodeStageVolume', { service: 'Node', code: 'ABORTED', error: busy }), ...life.slice(3, 5)];
    const v = judge({ sequence: ['CreateVolume', 'NodeStageVolume', 'NodePublishVolume'] }, calls);
    expect(v.pass).toBe(true);
    expect(v.found).toContain(`; retried: NodeStageVolume ABORTED (${busy}) (another call for the volume was running; the caller tried again)`);
    expect(v.found).not.toContain('failed:');
  });

  it('fails a call that came, but in the wrong order or not at all', () => {
    expect(judge({ sequence: ['NodePublishVolume', 'NodeStageVolume'] }, life).pass).toBe(false);
    expect(judge({ sequence: ['CreateVolume', 'DeleteVolume'] }, life).pass).toBe(false);
  });

  it('fails a call that must not have been answered yet', () => {
    const v = judge({ sequence: ['CreateVolume'], absent: ['ControllerPublishVolume'] }, life);
    expect(v).toMatchObject({ pass: false, expected: expect.stringContaining('and no ControllerPublishVolume') });
    expect(v.found).toContain('(ControllerPublishVolume among them)');
  });

  it("says when the driver never made a volume for the claim, or failed to", () => {
    expect(judge({ sequence: ['CreateVolume'] }, life.slice(1)).found).toMatch(/^the driver made no volume for claim nslab-ada\/data \(its log holds 7 call\(s\)/);
    const failed = judge({ sequence: ['CreateVolume'] }, [call('CreateVolume', { claim: 'nslab-ada/data', code: 'ALREADY_EXISTS', error: 'exists with 5 bytes' })]);
    expect(failed.found).toBe('CreateVolume for claim nslab-ada/data failed: ALREADY_EXISTS exists with 5 bytes');
  });

  it('counts only the newest volume of a claim made again under the same name', () => {
    const again = [...life, call('CreateVolume', { claim: 'nslab-ada/data', volumeId: 'pvc-3' })];
    const v = judge({ sequence: ['CreateVolume', 'ControllerPublishVolume'] }, again);
    expect(v.pass).toBe(false);
    expect(v.found).toBe('for volume pvc-3 the driver answered CreateVolume');
  });

  describe('restoredFrom', () => {
    const taken = [
      call('CreateVolume', { claim: 'nslab-ada/data', volumeId: 'pvc-1' }),
      call('CreateSnapshot', { volumeId: 'pvc-1', snapshotId: 'snap-a' }),
      call('CreateVolume', { claim: 'nslab-bob/data', volumeId: 'pvc-2' }),
      call('CreateSnapshot', { volumeId: 'pvc-2', snapshotId: 'snap-b' }),
    ];
    const restore = (snapshotId?: string) => [...taken, call('CreateVolume', { claim: 'nslab-ada/restored', volumeId: 'pvc-9', ...(snapshotId ? { snapshotId } : {}) })];
    const judgeRestore = (calls: CsiCall[]) => judge({ claim: 'restored', sequence: ['CreateVolume'], restoredFrom: 'data' }, calls);

    it("passes a volume restored from a snapshot of the other claim's volume", () => {
      const v = judgeRestore(restore('snap-a'));
      expect(v.pass).toBe(true);
      expect(v.found).toContain("CreateVolume restored pvc-9 from snapshot snap-a, which the driver took of volume pvc-1 (claim nslab-ada/data's volume is pvc-1)");
    });

    it('fails a volume made empty, one restored from another volume, and one from a snapshot nobody took', () => {
      expect(judgeRestore(restore()).found).toContain('CreateVolume made pvc-9 empty: it named no snapshot to restore');
      expect(judgeRestore(restore('snap-b'))).toMatchObject({ pass: false, found: expect.stringContaining('which the driver took of volume pvc-2') });
      expect(judgeRestore(restore('snap-x'))).toMatchObject({ pass: false, found: expect.stringContaining('snapshot snap-x, which this driver never took') });
    });
  });
});
