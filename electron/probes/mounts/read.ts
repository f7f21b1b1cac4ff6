// I/O half of the mounts probe: run the script in the environment, parse.
import type { LabEnvironment } from '../../engine/environment';
import type { MountSnapshot } from '../../shared/mount-snapshot';
import { parseMountsProbe } from './parse';
import { MOUNTS_PROBE_SCRIPT } from './script';

/** The mount table of each namespace that `pids` (one per mount namespace) are in; pids that exited are left out. */
export async function readMounts(env: LabEnvironment, pids: readonly number[]): Promise<MountSnapshot> {
  const list = pids.map((pid) => {
    if (!Number.isInteger(pid) || pid <= 0) throw new Error(`not a pid: ${pid}`);
    return String(pid);
  });
  const result = await env.exec(MOUNTS_PROBE_SCRIPT, { timeoutMs: 10_000, env: [`NSLAB_PIDS=${list.join(' ')}`] });
  if (result.exitCode !== 0) {
    throw new Error(`mounts probe failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
  return parseMountsProbe(result.stdout);
}
