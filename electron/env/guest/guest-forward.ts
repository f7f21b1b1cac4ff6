// A loopback port of the guest on the same port of the host's loopback. A
// kind cluster on the guest's engine publishes its API server on the guest's
// 127.0.0.1 (kind runs `docker run --publish 127.0.0.1:PORT:6443`, and the
// engine is inside the VM); kubectl, the grader and the panels run on the host
// and read the kubeconfig kind wrote, which names https://127.0.0.1:PORT. One
// detached ssh per port makes that address work on the host too, as Docker
// Desktop's port forwarding does for its VM. Its log file lies in the guest's
// run folder, so `nslab guest down` (which stops every process naming that
// folder) ends it with the guest.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connect } from 'node:net';
import { processAlive } from '../../engine/process-alive';
import { EnvironmentError } from '../errors';
import { guestCacheDir, guestRunFiles } from './guest-paths';
import { pause, processesMentioning, terminate } from './guest-processes';
import { readGuestState, type GuestState } from './guest-state';
import { sshArgs } from './ssh-args';

/** The running nslab guest when it is the engine DOCKER_HOST names, else undefined. */
export async function guestEngineInUse(cacheDir = guestCacheDir()): Promise<GuestState | undefined> {
  const state = await readGuestState(guestRunFiles(cacheDir).state);
  if (!state || !processAlive(state.qemuPid)) return undefined;
  return process.env.DOCKER_HOST === state.dockerHost ? state : undefined;
}

/** Makes the guest's 127.0.0.1:port answer on the host's 127.0.0.1:port; resolves once it does. */
export async function forwardGuestPort(state: GuestState, port: number, cacheDir = guestCacheDir()): Promise<void> {
  if (await portAnswers(port)) return;
  const target = { imageDir: join(cacheDir, state.imageKey), port: state.sshPort };
  const log = forwardLog(port, cacheDir);
  const child = spawn('ssh', sshArgs(target, ['-N', '-o', 'ExitOnForwardFailure=yes', '-E', log, '-L', `127.0.0.1:${port}:127.0.0.1:${port}`]), {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  const deadline = Date.now() + 30_000;
  while (!(await portAnswers(port))) {
    if (!child.pid || !processAlive(child.pid) || Date.now() > deadline) {
      throw new EnvironmentError(
        `The guest's port ${port} (the kind cluster's API server) could not be forwarded to this machine: see ${log}.`,
        `Is something else listening on 127.0.0.1:${port} here? \`nslab guest status\` says whether the guest runs.`,
      );
    }
    await pause(200);
  }
}

/** Stops the forward of that port, if one runs. */
export async function stopGuestForward(port: number, cacheDir = guestCacheDir()): Promise<void> {
  await terminate(await processesMentioning(forwardLog(port, cacheDir)));
}

function forwardLog(port: number, cacheDir: string): string {
  return join(guestRunFiles(cacheDir).dir, `forward-${port}.log`);
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(2_000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}
