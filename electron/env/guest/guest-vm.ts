// The nslab guest: a throwaway Debian VM with a cgroup-v2 Docker engine that
// allows --privileged, booted with QEMU from an image nslab built from Debian's
// packages. Its engine is reached as Docker Desktop's is, through a socket on
// the host (forwarded over ssh, readable by this user only).
import Docker from 'dockerode';
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rm, unlink, type FileHandle } from 'node:fs/promises';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { processAlive } from '../../engine/process-alive';
import { LAB_IMAGES } from '../docker/engine';
import { EnvironmentError } from '../errors';
import { chooseAccelerator, type AccelVerdict } from './accel';
import { furthestMilestone, BOOT_MILESTONE_COUNT } from './boot-log';
import { ensureGuestImage, type OnGuestProgress } from './guest-image';
import { GUEST_IMAGES_DISK, saveHostImages } from './guest-images';
import { guestCacheDir, guestRunFiles, type GuestRunFiles } from './guest-paths';
import { pause, processesMentioning, terminate } from './guest-processes';
import { readGuestState, writeGuestState, type GuestState } from './guest-state';
import { qemuArgs } from './qemu-args';
import { socketForwardArgs, sshArgs, type GuestSshTarget } from './ssh-args';

const run = promisify(execFile);
const BOOT_TIMEOUT_MS = 15 * 60_000;

export interface GuestUpOptions {
  /** where scripts/guest lives: the repository or the installed package */
  packageRoot: string;
  cpus?: number;
  memoryMiB?: number;
  onProgress?: OnGuestProgress;
}

export interface GuestStatus {
  running: boolean;
  state?: GuestState;
  /** what the guest's engine says, when it answers */
  engine?: { version: string; cgroupVersion: string; images: string[] };
  /** why it is not (fully) running */
  problem?: string;
}

export class GuestVm {
  readonly files: GuestRunFiles;

  constructor(private readonly cacheDir = guestCacheDir()) {
    this.files = guestRunFiles(cacheDir);
  }

  /** Boots the guest (building its image first if needed); a running guest is left as it is. */
  async up(options: GuestUpOptions): Promise<GuestState> {
    const say = options.onProgress ?? (() => undefined);
    await requireTools(['qemu-system-x86_64', 'qemu-img', 'ssh']);
    await mkdir(this.cacheDir, { recursive: true, mode: 0o700 });
    const lock = await this.lock();
    try {
      const current = await this.status();
      if (current.running && current.state) return current.state;
      if (current.state || existsSync(this.files.dir)) {
        say('clearing what an earlier guest left');
        await this.down();
      }
      await mkdir(this.files.dir, { recursive: true, mode: 0o700 });
      return await this.boot(options, say);
    } catch (error) {
      await this.down().catch(() => undefined);
      throw error;
    } finally {
      await lock.close();
      await unlink(this.files.lock).catch(() => undefined);
    }
  }

  private async boot(options: GuestUpOptions, say: OnGuestProgress): Promise<GuestState> {
    const image = await ensureGuestImage(options.packageRoot, say);
    const verdict = await chooseAccelerator(image.dir, image.key, `${this.cacheDir}/accel.json`);
    say(`accelerator: ${verdict.accel} (${verdict.reason})`);
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', 'raw', '-b', `${image.dir}/disk.img`, this.files.overlay]);
    const images = await this.saveLabImages(say);
    const sshPort = await freeLoopbackPort();
    const started = Date.now();
    const plan = {
      accel: verdict.accel,
      imageDir: image.dir,
      overlay: this.files.overlay,
      imagesTar: images.saved.length > 0 ? this.files.imagesTar : undefined,
      sshPort,
      serialLog: this.files.serialLog,
      pidFile: this.files.qemuPid,
      cpus: options.cpus ?? 2,
      memoryMiB: options.memoryMiB ?? 4096,
    };
    await run('qemu-system-x86_64', qemuArgs(plan)).catch((error: { stderr?: string }) => {
      throw new EnvironmentError(`QEMU did not start: ${error.stderr?.trim() ?? String(error)}`, 'Run `nslab doctor` to see what this machine offers a guest.');
    });
    const qemuPid = Number((await readFile(this.files.qemuPid, 'utf8')).trim());
    const target = { imageDir: image.dir, port: sshPort };
    await this.waitForSsh(target, qemuPid, verdict, say);
    const bootSeconds = (Date.now() - started) / 1000;
    say(`booted in ${bootSeconds.toFixed(0)} s`);
    const forwarderPid = await this.forwardEngine(target);
    const imagesLoadSeconds = await this.loadLabImages(target, images.saved, say);
    const state: GuestState = {
      imageKey: image.key,
      accel: verdict.accel,
      qemuPid,
      forwarderPid,
      sshPort,
      dockerHost: `unix://${this.files.dockerSocket}`,
      startedAt: new Date(started).toISOString(),
      bootSeconds,
      imagesLoadSeconds,
    };
    await writeGuestState(this.files.state, state);
    return state;
  }

  async status(): Promise<GuestStatus> {
    const state = await readGuestState(this.files.state);
    if (!state) return { running: false };
    if (!processAlive(state.qemuPid)) return { running: false, state, problem: `QEMU (pid ${state.qemuPid}) is gone` };
    if (!state.forwarderPid || !processAlive(state.forwarderPid)) return { running: false, state, problem: 'the forward of the engine socket is gone' };
    try {
      const docker = new Docker({ socketPath: this.files.dockerSocket });
      const info = (await docker.info()) as { ServerVersion?: string; CgroupVersion?: string };
      const images = (await docker.listImages()).flatMap((i) => i.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
      return { running: true, state, engine: { version: info.ServerVersion ?? '?', cgroupVersion: info.CgroupVersion ?? '?', images } };
    } catch (error) {
      return { running: false, state, problem: `the guest's engine does not answer: ${(error as Error).message}` };
    }
  }

  /** Stops every process of the guest and removes its run folder: disk layer, sockets, logs. */
  async down(): Promise<{ stopped: number }> {
    const state = await readGuestState(this.files.state);
    const recorded = [state?.qemuPid, state?.forwarderPid].filter((p): p is number => p !== undefined && processAlive(p));
    const pids = [...new Set([...recorded, ...(await processesMentioning(this.files.dir))])];
    await terminate(pids);
    await rm(this.files.dir, { recursive: true, force: true });
    return { stopped: pids.length };
  }

  /** Runs a command in the guest as root, e.g. for tests and `nslab doctor`. */
  async ssh(command: string): Promise<string> {
    const state = await readGuestState(this.files.state);
    if (!state) throw new EnvironmentError('No nslab guest is running.', 'Start one: `nslab guest up`.');
    const { stdout } = await run('ssh', [...sshArgs(this.sshTarget(state)), command], { maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  }

  private sshTarget(state: GuestState): GuestSshTarget {
    return { imageDir: `${this.cacheDir}/${state.imageKey}`, port: state.sshPort };
  }

  /** One `up` at a time; a lock whose process is gone is taken over. */
  private async lock(): Promise<FileHandle> {
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(this.files.lock, 'wx', 0o600);
        await handle.writeFile(String(process.pid));
        return handle;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        const holder = Number(await readFile(this.files.lock, 'utf8').catch(() => ''));
        if (attempt > 0 || !holder || processAlive(holder)) {
          throw new EnvironmentError(`Another \`nslab guest up\` (pid ${holder || '?'}) is starting the guest.`, 'Wait for it to finish, or stop it first.');
        }
        await unlink(this.files.lock).catch(() => undefined);
      }
    }
  }

  private async saveLabImages(say: OnGuestProgress) {
    const images = Object.values(LAB_IMAGES);
    try {
      const host = new Docker(hostEngineOptions(this.files.dockerSocket));
      let shown = 0;
      const result = await saveHostImages(host, images, this.files.imagesTar, (done, total) => {
        const percent = Math.floor((100 * done) / Math.max(total, 1));
        if (percent >= shown + 10) say(`saving the lab images: ${(shown = percent)}%`);
      });
      if (result.missing.length > 0) say(`the host engine lacks ${result.missing.join(', ')}: build them (npm run box:offline) and run up again to have them in the guest`);
      return result;
    } catch (error) {
      say(`the lab images stay out of the guest: no host engine answers (${(error as Error).message})`);
      return { saved: [], missing: images };
    }
  }

  private async waitForSsh(target: GuestSshTarget, qemuPid: number, verdict: AccelVerdict, say: OnGuestProgress): Promise<void> {
    const deadline = Date.now() + BOOT_TIMEOUT_MS;
    let shown = 0;
    for (;;) {
      const console = await readFile(this.files.serialLog, 'utf8').catch(() => '');
      const milestone = furthestMilestone(console);
      if (milestone && milestone.step > shown) say(`boot ${(shown = milestone.step)}/${BOOT_MILESTONE_COUNT}: ${milestone.title}`);
      if (!processAlive(qemuPid)) throw bootFailure('QEMU exited during the boot', console);
      const ok = await run('ssh', [...sshArgs(target), 'systemctl is-active --quiet docker.service']).then(
        () => true,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) throw bootFailure(`the guest did not answer within ${BOOT_TIMEOUT_MS / 60_000} minutes (${verdict.accel})`, console);
      await pause(2_000);
    }
  }

  private async forwardEngine(target: GuestSshTarget): Promise<number> {
    const child = spawn('ssh', socketForwardArgs(target, this.files.dockerSocket), { detached: true, stdio: 'ignore' });
    child.unref();
    const pid = child.pid;
    if (!pid) throw new EnvironmentError('ssh did not start to forward the guest engine.', 'Check that `ssh` works: `ssh -V`.');
    const docker = new Docker({ socketPath: this.files.dockerSocket });
    const deadline = Date.now() + 60_000;
    while (!(await docker.ping().then(() => true, () => false))) {
      if (!processAlive(pid) || Date.now() > deadline) throw new EnvironmentError("The guest engine's socket could not be forwarded.", 'See `nslab guest status`, then `nslab guest down` and up again.');
      await pause(200);
    }
    return pid;
  }

  private async loadLabImages(target: GuestSshTarget, images: string[], say: OnGuestProgress): Promise<number> {
    if (images.length === 0) return 0;
    say(`loading ${images.join(', ')} into the guest`);
    const started = Date.now();
    await run('ssh', [...sshArgs(target), `docker load -i ${GUEST_IMAGES_DISK}`], { maxBuffer: 4 * 1024 * 1024 });
    // QEMU keeps its open copy; the host's name for it is no longer needed.
    await rm(this.files.imagesTar, { force: true });
    const seconds = (Date.now() - started) / 1000;
    say(`lab images loaded in ${seconds.toFixed(0)} s`);
    return seconds;
  }
}

/** The engine the lab images come from: DOCKER_HOST, unless that is this guest itself. */
function hostEngineOptions(guestSocket: string): Docker.DockerOptions | undefined {
  const host = process.env.DOCKER_HOST;
  return host === `unix://${guestSocket}` ? { socketPath: '/var/run/docker.sock' } : undefined;
}

function bootFailure(what: string, console: string): EnvironmentError {
  const tail = console.trim().split('\n').slice(-15).join('\n');
  return new EnvironmentError(`The nslab guest did not boot: ${what}.\nLast lines of its console:\n${tail}`, 'Run `nslab doctor` to see what this machine offers a guest; `NSLAB_GUEST_ACCEL=tcg` forces emulation.');
}

async function requireTools(tools: string[]): Promise<void> {
  const missing: string[] = [];
  for (const tool of tools) {
    if (!(await run('sh', ['-c', 'command -v "$1"', 'sh', tool]).then(() => true, () => false))) missing.push(tool);
  }
  if (missing.length > 0) {
    throw new EnvironmentError(`The nslab guest needs ${missing.join(', ')}.`, 'On Debian or Ubuntu: `sudo apt-get install qemu-system-x86 qemu-utils openssh-client`; on macOS: `brew install qemu`.');
  }
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

