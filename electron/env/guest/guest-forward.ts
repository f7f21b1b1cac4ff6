// The guest's ssh forwards to this machine, one detached `ssh -N -L` each,
// started and then waited on until what it forwards answers here:
// - its engine's socket, for as long as the guest runs (`nslab guest up`);
// - a loopback port of the guest on the same port of the host's loopback. A
//   kind cluster on the guest's engine publishes its API server on the guest's
//   127.0.0.1 (kind runs `docker run --publish 127.0.0.1:PORT:6443`, and the
//   engine is inside the VM); kubectl, the grader and the panels run on the
//   host and read the kubeconfig kind wrote, which names
//   https://127.0.0.1:PORT. One forward per port makes that address work on
//   the host too, as Docker Desktop's port forwarding does for its VM.
// Every forward names the guest's run folder (a socket or a log file in it), so
// `nslab guest down` (which stops every process naming that folder) ends it
// with the guest.
import Docker from 'dockerode';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connect } from 'node:net';
import { processAlive } from '../../engine/process-alive';
import { EnvironmentError } from '../errors';
import { guestCacheDir, guestRunFiles } from './guest-paths';
import { pause, processesMentioning, terminate } from './guest-processes';
import { readGuestState, type GuestState } from './guest-state';
import { portForwardArgs, socketForwardArgs, type GuestSshTarget } from './ssh-args';

/** Forwards the guest engine's socket to `socket` (mode 0600); resolves with the ssh's pid once the engine answers there. */
export async function forwardEngine(target: GuestSshTarget, socket: string): Promise<number> {
  const docker = new Docker({ socketPath: socket });
  return startForward(socketForwardArgs(target, socket), () => docker.ping().then(() => true, () => false), 60_000, () =>
    new EnvironmentError("The guest engine's socket could not be forwarded.", 'See `nslab guest status`, then `nslab guest down` and up again.'),
  );
}

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
  await startForward(portForwardArgs(target, port, log), () => portAnswers(port), 30_000, () =>
    new EnvironmentError(
      `The guest's port ${port} (the kind cluster's API server) could not be forwarded to this machine: see ${log}.`,
      `Is something else listening on 127.0.0.1:${port} here? \`nslab guest status\` says whether the guest runs.`,
    ),
  );
}

/** Stops the forward of that port, if one runs. */
export async function stopGuestForward(port: number, cacheDir = guestCacheDir()): Promise<void> {
  await terminate(await processesMentioning(forwardLog(port, cacheDir)));
}

/**
 * Starts a detached ssh with `args` and polls `answers` until it is true; fails
 * with `failure()` when the ssh ends first or `timeoutMs` passes.
 */
async function startForward(args: string[], answers: () => Promise<boolean>, timeoutMs: number, failure: () => EnvironmentError): Promise<number> {
  const child = spawn('ssh', args, { detached: true, stdio: 'ignore' });
  child.unref();
  const pid = child.pid;
  if (!pid) throw new EnvironmentError('ssh did not start to forward from the guest.', 'Check that `ssh` works: `ssh -V`.');
  const deadline = Date.now() + timeoutMs;
  while (!(await answers())) {
    if (!processAlive(pid) || Date.now() > deadline) throw failure();
    await pause(200);
  }
  return pid;
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
