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
// One follower at a time: it is started under withFileLock (two nslab
// processes resuming at once start one, not two truncating each other's copy),
// the copy and the pid file are never written through a symlink, and the pid
// file's pid is believed only while that process's arguments name this copy
// (after a reboot the pid may be anyone's, which delete must not signal).
import { spawn } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { withFileLock } from '../../engine/file-lock';
import { nslabConfigDir } from '../config-dir';
import { EnvironmentError } from '../errors';
import { CSI_NODE_LOG } from '../kube/csi-driver-manifests';
import { processesMentioning, terminate } from '../guest/guest-processes';

/** The copy of a kind cluster's CSI call log on this machine. */
export function kindCsiLogPath(cluster: string): string {
  return join(nslabConfigDir(), 'kind', `${cluster}.csi-calls.jsonl`);
}

const pidFile = (cluster: string) => `${kindCsiLogPath(cluster)}.pid`;
/** Written and truncated, never through a symlink planted at the name (ELOOP), mode 0600. */
const NO_FOLLOW_WRITE = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW;

/** The follower's pid while it runs: the pid file's, when that process's arguments name this copy. */
export async function csiLogFollower(cluster: string): Promise<number | undefined> {
  const pid = Number(existsSync(pidFile(cluster)) ? readFileSync(pidFile(cluster), 'utf8').trim() : NaN);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return (await processesMentioning(kindCsiLogPath(cluster))).includes(pid) ? pid : undefined;
}

/**
 * Follows the log of `node` (the cluster's one node: nslab's kind cluster has
 * one) unless a follower runs. `searchPath` finds the docker CLI kind runs.
 */
export async function followCsiLog(cluster: string, node: string, searchPath: string): Promise<void> {
  const copy = kindCsiLogPath(cluster);
  mkdirSync(dirname(copy), { recursive: true, mode: 0o700 });
  await withFileLock(copy, async () => {
    if ((await csiLogFollower(cluster)) !== undefined) return;
    // A pid file left by a follower that is gone (or by another process's pid): this one replaces it.
    rmSync(pidFile(cluster), { force: true });
    const pids = openSync(pidFile(cluster), 'wx', 0o600);
    try {
      writeSync(pids, `${await startFollower(copy, node, searchPath)}\n`);
    } catch (error) {
      rmSync(pidFile(cluster), { force: true });
      throw error;
    } finally {
      closeSync(pids);
    }
  });
}

/** The detached `docker exec … tail -F` into a fresh copy; resolves with its pid once it runs. */
async function startFollower(copy: string, node: string, searchPath: string): Promise<number> {
  const out = openSync(copy, NO_FOLLOW_WRITE, 0o600);
  try {
    // -n +1: from the first line, so the fresh copy is the whole log; -F: the
    // file may not exist yet (no call so far) and is followed once it does.
    // The copy's path in its arguments names the follower (`ps`, csiLogFollower).
    const child = spawn('docker', ['exec', '--env', `NSLAB_CSI_LOG_COPY=${copy}`, node, 'tail', '-n', '+1', '-F', CSI_NODE_LOG], {
      env: { ...process.env, PATH: searchPath },
      detached: true,
      stdio: ['ignore', out, 'ignore'],
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('spawn', () => resolve(child.pid ?? -1));
      child.once('error', (error) =>
        reject(
          new EnvironmentError(
            `Following the CSI driver's call log on the kind node ${node} failed: running \`docker exec\` gave ${error.message}`,
            'The docker CLI kind uses must be on PATH; `nslab cluster status` checks it.',
          ),
        ),
      );
    });
    // Later errors (a signal that cannot be sent) must not crash nslab: the follower is detached.
    child.on('error', () => undefined);
    child.unref();
    return pid;
  } finally {
    closeSync(out);
  }
}

/** Resumes the follower of a cluster whose driver nslab installed (its copy exists) when it is gone. */
export async function resumeCsiLog(cluster: string, node: string, searchPath: string): Promise<void> {
  if (existsSync(kindCsiLogPath(cluster))) await followCsiLog(cluster, node, searchPath);
}

/** Stops the follower and removes the copy: a deleted cluster leaves neither. */
export async function stopCsiLog(cluster: string): Promise<void> {
  const pid = await csiLogFollower(cluster);
  if (pid !== undefined) await terminate([pid]);
  rmSync(pidFile(cluster), { force: true });
  rmSync(kindCsiLogPath(cluster), { force: true });
}
