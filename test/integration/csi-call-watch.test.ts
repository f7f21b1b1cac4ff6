// The CSI panel's feed on a real file: lines appended in pieces (a write the
// driver had not finished when read), a log that starts over, and a log that
// appears only after the watch began.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatCsiCall } from '../../electron/csi/call-log';
import { CsiCallWatch } from '../../electron/env/kube/csi-call-watch';
import type { CsiCall, CsiSnapshot } from '../../electron/shared/csi-call';

const call = (method: string, second: number): CsiCall => ({ at: new Date(Date.UTC(2026, 11, 5, 3, 30, second)).toISOString(), method, service: 'Node', ms: 1, code: 'OK', volumeId: 'pvc-1' });
let dir: string;
let watch: CsiCallWatch | undefined;

afterEach(async () => {
  await watch?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Resolves with the first snapshot `fits`, from the listener (bounded). */
function next(seen: CsiSnapshot[], fits: (s: CsiSnapshot) => boolean, timeoutMs = 10_000): Promise<CsiSnapshot> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const look = () => {
      const hit = seen.find(fits);
      if (hit) return resolve(hit);
      if (Date.now() > deadline) return reject(new Error(`no such snapshot within ${timeoutMs} ms; last ${JSON.stringify(seen.at(-1)?.calls.map((c) => c.method))}`));
      setTimeout(look, 20);
    };
    look();
  });
}

describe('CsiCallWatch', () => {
  it('follows a log that appears late, is written in pieces, and starts over', async () => {
    dir = mkdtempSync(join(tmpdir(), 'nslab-csi-watch-'));
    const log = join(dir, 'calls.jsonl');
    const seen: CsiSnapshot[] = [];
    watch = new CsiCallWatch(log, (s) => seen.push(s));
    expect((await watch.start()).calls).toEqual([]);

    writeFileSync(log, formatCsiCall(call('NodeStageVolume', 1)));
    await next(seen, (s) => s.calls.length === 1);

    const line = formatCsiCall(call('NodePublishVolume', 2));
    appendFileSync(log, line.slice(0, 20));
    appendFileSync(log, line.slice(20));
    const both = await next(seen, (s) => s.calls.length === 2);
    expect(both.calls.map((c) => c.method)).toEqual(['NodeStageVolume', 'NodePublishVolume']);
    expect(both.source).toEqual({ log });

    // A driver restarted on a fresh root writes a new, shorter log.
    writeFileSync(log, '');
    writeFileSync(log, formatCsiCall(call('CreateVolume', 3)));
    const fresh = await next(seen, (s) => s.calls.length === 1 && s.calls[0]!.method === 'CreateVolume');
    expect(fresh.calls).toEqual([call('CreateVolume', 3)]);
  });
});
