// nslab's CSI driver on a kind cluster writes its call log inside the node
// container (/var/lib/nslab-csi/calls.jsonl, the plugin's hostPath store);
// the CSI panel and the csi.calls check read a file on this machine
// (KubeEnvironment.csiLog). One detached `docker exec <node> tail -F` per
// cluster copies the log, as it grows, into a file in nslab's config folder
// beside the cluster's kubeconfig: the Docker engine is the one way in that
// works wherever the node runs (here, Docker Desktop's VM, the nslab guest),
// and the readers stay what they are, a parser over a local file.
// The follower is started by `nslab cluster create` and again whenever nslab
// finds the cluster with its follower gone (a reboot, `nslab guest down`):
// it replays the log from its first line into a fresh copy, so the copy is
// always the node's log. `nslab cluster delete` stops it and removes the copy.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { processAlive } from '../../engine/process-alive';
import { nslabConfigDir } from '../config-dir';
import { CSI_NODE_LOG } from '../kube/csi-driver-manifests';
import { terminate } from '../guest/guest-processes';

/** The copy of a kind cluster's CSI call log on this machine. */
export function kindCsiLogPath(cluster: string): string {
  return join(nslabConfigDir(), 'kind', `${cluster}.csi-calls.jsonl`);
}

const pidFile = (cluster: string) => `${kindCsiLogPath(cluster)}.pid`;

/** The follower's pid while it runs. */
export function csiLogFollower(cluster: string): number | undefined {
  const pid = Number(existsSync(pidFile(cluster)) ? readFileSync(pidFile(cluster), 'utf8').trim() : NaN);
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
}

/**
 * Follows the log of `node` (the cluster's one node: nslab's kind cluster has
 * one) unless a follower runs. `searchPath` finds the docker CLI kind runs.
 */
export function followCsiLog(cluster: string, node: string, searchPath: string): void {
  if (csiLogFollower(cluster) !== undefined) return;
  const copy = kindCsiLogPath(cluster);
  mkdirSync(dirname(copy), { recursive: true, mode: 0o700 });
  const out = openSync(copy, 'w', 0o600);
  try {
    // -n +1: from the first line, so the fresh copy is the whole log; -F: the
    // file may not exist yet (no call so far) and is followed once it does.
    // The copy's path in its arguments names the follower (`ps`, a leftover check).
    const child = spawn('docker', ['exec', '--env', `NSLAB_CSI_LOG_COPY=${copy}`, node, 'tail', '-n', '+1', '-F', CSI_NODE_LOG], {
      env: { ...process.env, PATH: searchPath },
      detached: true,
      stdio: ['ignore', out, 'ignore'],
    });
    child.unref();
    if (child.pid) writeFileSync(pidFile(cluster), `${child.pid}\n`, { mode: 0o600 });
  } finally {
    closeSync(out);
  }
}

/** Resumes the follower of a cluster whose driver nslab installed (its copy exists) when it is gone. */
export function resumeCsiLog(cluster: string, node: string, searchPath: string): void {
  if (existsSync(kindCsiLogPath(cluster))) followCsiLog(cluster, node, searchPath);
}

/** Stops the follower and removes the copy: a deleted cluster leaves neither. */
export async function stopCsiLog(cluster: string): Promise<void> {
  const pid = csiLogFollower(cluster);
  if (pid !== undefined) await terminate([pid]);
  rmSync(pidFile(cluster), { force: true });
  rmSync(kindCsiLogPath(cluster), { force: true });
}
