import { describe, expect, it } from 'vitest';
import { formatCsiCall, parseCsiCallLog } from '../../electron/csi/call-log';
import type { CsiCall } from '../../electron/shared/csi-call';

const stage: CsiCall = { at: '2026-12-05T02:10:00.000Z', method: 'NodeStageVolume', service: 'Node', ms: 3.2, code: 'OK', volumeId: 'pvc-1', stagingPath: '/var/lib/kubelet/plugins/kubernetes.io/csi/csi.nslab.dev/ab/globalmount' };

describe('the CSI call log', () => {
  it('reads back what the driver writes, one call a line', () => {
    const failed: CsiCall = { ...stage, method: 'DeleteVolume', service: 'Controller', code: 'FAILED_PRECONDITION', error: 'still attached', capacityBytes: 1024 };
    expect(parseCsiCallLog(formatCsiCall(stage) + formatCsiCall(failed))).toEqual([stage, failed]);
  });

  it('skips a half-written last line and lines that are not calls', () => {
    const text = `${formatCsiCall(stage)}not json\n{"at":"x","method":"M"}\n{"at":"2026-12-05T02:10`;
    expect(parseCsiCallLog(text)).toEqual([stage]);
  });

  it('drops fields of the wrong type rather than trusting them', () => {
    const line = JSON.stringify({ ...stage, volumeId: 7, capacityBytes: '12' });
    const { volumeId, ...rest } = stage;
    expect(volumeId).toBeDefined();
    expect(parseCsiCallLog(line)).toEqual([rest]);
  });
});
