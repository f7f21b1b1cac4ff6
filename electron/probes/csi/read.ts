// I/O half of the csi.calls check: the newest part of the CSI driver's call
// log, where this machine can read it (KubeEnvironment.csiLog).
import { open } from 'node:fs/promises';
import { parseCsiCallLog } from '../../csi/call-log';
import type { CsiCall } from '../../shared/csi-call';

/** A lab's volumes live minutes; their calls are in the log's last MiB. */
const TAIL_BYTES = 1024 * 1024;

export async function readCsiCalls(log: string | undefined): Promise<CsiCall[]> {
  if (!log) throw new Error("nslab cannot read the CSI driver's call log here: NSLAB_CSI_LOG names none (the test control plane sets it; on a node, the driver writes it)");
  const file = await open(log, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (!file) return [];
  try {
    const { size } = await file.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await file.read(buffer, 0, buffer.length, start);
    const text = buffer.toString('utf8');
    // A tail that starts mid-line drops that line; the parser skips a half-written last one.
    return parseCsiCallLog(start > 0 ? text.slice(text.indexOf('\n') + 1) : text);
  } finally {
    await file.close();
  }
}
