// Pure: the driver's call log (JSON lines) <-> CsiCall. Lines that are not a
// call (a partial last line while the driver writes, a stray message) are
// skipped: the log is read while it grows.
import type { CsiCall } from '../shared/csi-call';
import { obj, str } from '../shared/json-fields';

export function formatCsiCall(call: CsiCall): string {
  return `${JSON.stringify(call)}\n`;
}

function callOf(line: string): CsiCall | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  const o = obj(parsed);
  const [at, method, service, code] = [str(o.at), str(o.method), str(o.service), str(o.code)];
  if (!at || !method || !service || !code || typeof o.ms !== 'number') return undefined;
  const call: CsiCall = { at, method, service, code, ms: o.ms };
  for (const key of ['error', 'volumeId', 'nodeId', 'stagingPath', 'targetPath', 'name', 'claim', 'snapshotId'] as const) {
    const value = str(o[key]);
    if (value !== undefined) call[key] = value;
  }
  if (typeof o.capacityBytes === 'number') call.capacityBytes = o.capacityBytes;
  return call;
}

export function parseCsiCallLog(text: string): CsiCall[] {
  return text.split('\n').flatMap((line) => {
    const call = line.trim() ? callOf(line) : undefined;
    return call ? [call] : [];
  });
}
