// One boot of the guest VM: QEMU started in the background, then waited on
// until the guest's engine is active (seen through ssh), with the serial
// console's milestones as progress and its last lines in any failure.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { processAlive } from '../../engine/process-alive';
import { EnvironmentError } from '../errors';
import type { AccelVerdict } from './accel';
import { BOOT_MILESTONE_COUNT, furthestMilestone } from './boot-log';
import type { OnGuestProgress } from './guest-image';
import type { GuestRunFiles } from './guest-paths';
import { pause } from './guest-processes';
import { qemuArgs } from './qemu-args';
import { sshArgs, type GuestSshTarget } from './ssh-args';

export const run = promisify(execFile);
const BOOT_TIMEOUT_MS = 15 * 60_000;

export interface BootSpec {
  verdict: AccelVerdict;
  imageDir: string;
  /** the qcow2 disk this boot writes to */
  disk: string;
  imagesTar?: string;
  nodeDisk?: string;
  files: GuestRunFiles;
  cpus: number;
  memoryMiB: number;
}

export interface BootedGuest {
  qemuPid: number;
  target: GuestSshTarget;
  startedAt: number;
  seconds: number;
}

export async function bootGuest(spec: BootSpec, say: OnGuestProgress): Promise<BootedGuest> {
  const sshPort = await freeLoopbackPort();
  const startedAt = Date.now();
  const args = qemuArgs({
    accel: spec.verdict.accel,
    imageDir: spec.imageDir,
    overlay: spec.disk,
    imagesTar: spec.imagesTar,
    nodeDisk: spec.nodeDisk,
    sshPort,
    serialLog: spec.files.serialLog,
    pidFile: spec.files.qemuPid,
    cpus: spec.cpus,
    memoryMiB: spec.memoryMiB,
  });
  await run('qemu-system-x86_64', args).catch((error: { stderr?: string }) => {
    throw new EnvironmentError(`QEMU did not start: ${error.stderr?.trim() ?? String(error)}`, 'Run `nslab doctor` to see what this machine offers a guest.');
  });
  const qemuPid = Number((await readFile(spec.files.qemuPid, 'utf8')).trim());
  const target = { imageDir: spec.imageDir, port: sshPort };
  await waitForEngine(target, qemuPid, spec, say);
  const seconds = (Date.now() - startedAt) / 1000;
  say(`booted in ${seconds.toFixed(0)} s`);
  return { qemuPid, target, startedAt, seconds };
}

async function waitForEngine(target: GuestSshTarget, qemuPid: number, spec: BootSpec, say: OnGuestProgress): Promise<void> {
  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  let shown = 0;
  for (;;) {
    const console = await readFile(spec.files.serialLog, 'utf8').catch(() => '');
    const milestone = furthestMilestone(console);
    if (milestone && milestone.step > shown) say(`boot ${(shown = milestone.step)}/${BOOT_MILESTONE_COUNT}: ${milestone.title}`);
    if (!processAlive(qemuPid)) throw bootFailure('QEMU exited during the boot', console);
    const active = await run('ssh', [...sshArgs(target), 'systemctl is-active --quiet docker.service']).then(
      () => true,
      () => false,
    );
    if (active) return;
    if (Date.now() > deadline) throw bootFailure(`the guest did not answer within ${BOOT_TIMEOUT_MS / 60_000} minutes (${spec.verdict.accel})`, console);
    await pause(2_000);
  }
}

/** Powers the guest off and waits for QEMU to end: it writes every cached block of the disk on its way out. */
export async function powerOff(guest: BootedGuest): Promise<void> {
  await run('ssh', [...sshArgs(guest.target), 'systemctl poweroff']).catch(() => undefined);
  const deadline = Date.now() + 5 * 60_000;
  while (processAlive(guest.qemuPid)) {
    if (Date.now() > deadline) throw new EnvironmentError('The guest did not power off within 5 minutes.', '`nslab guest down`, then up again.');
    await pause(500);
  }
}

function bootFailure(what: string, console: string): EnvironmentError {
  const tail = console.trim().split('\n').slice(-15).join('\n');
  return new EnvironmentError(`The nslab guest did not boot: ${what}.\nLast lines of its console:\n${tail}`, 'Run `nslab doctor` to see what this machine offers a guest; `NSLAB_GUEST_ACCEL=tcg` forces emulation.');
}

async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
