// I/O half of the namespace probe: run the script in the environment, parse.
import type { NamespaceSnapshot } from '../../shared/snapshots';
import type { LabEnvironment } from '../../engine/environment';
import { parseNamespaceProbe } from './parse';
import { NAMESPACE_PROBE_SCRIPT } from './script';

export async function readNamespaces(env: LabEnvironment): Promise<NamespaceSnapshot> {
  const result = await env.exec(NAMESPACE_PROBE_SCRIPT, { timeoutMs: 10_000 });
  if (result.exitCode !== 0 && result.stdout.trim() === '') {
    throw new Error(`namespace probe failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
  return parseNamespaceProbe(result.stdout);
}
