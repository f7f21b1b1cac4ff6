// The nslab guest: a throwaway Debian VM with a cgroup-v2 Docker engine that
// allows --privileged, booted with QEMU from an image nslab built from Debian's
// packages. Its engine is reached as Docker Desktop's is, through a socket on
// the host (forwarded over ssh, readable by this user only).
import Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rm, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExecResult } from '../../engine/environment';
import { processAlive } from '../../engine/process-alive';
import { LAB_IMAGES, LOCAL_ENGINE_SOCKET } from '../docker/engine';
import { EnvironmentError } from '../errors';
import { findOnPath } from '../kind/kind-tools';
import { chooseAccelerator } from './accel';
import { bootGuest, run } from './guest-boot';
import { forwardEngine } from './guest-forward';
import { guestExec, type GuestExecOptions } from './guest-exec';
import { ensureGuestImage, type OnGuestProgress } from './guest-image';
import { ensureArchiveLayer, ensureImagesLayer, hostImageIds } from './guest-images-layer';
import { accelVerdictFile, guestCacheDir, guestRunFiles, type GuestRunFiles } from './guest-paths';
import { processesMentioning, terminate } from './guest-processes';
import { readGuestState, writeGuestState, type GuestState } from './guest-state';
import type { GuestSshTarget } from './ssh-args';

export interface GuestUpOptions {
  /** where scripts/guest lives: the repository or the installed package */
  packageRoot: string;
  cpus?: number;
  memoryMiB?: number;
  /** a node disk to attach read-only (scripts/guest/build-node-disk.sh): the guest can then become a Kubernetes node */
  nodeDisk?: string;
  /** an image archive (`docker save` format) to have in the guest's engine, loaded once and kept as a disk layer */
  archive?: string;
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
    requireTools(['qemu-system-x86_64', 'qemu-img', 'ssh']);
    await mkdir(this.cacheDir, { recursive: true, mode: 0o700 });
    const lock = await this.lock();
    try {
      const current = await this.status();
      if (current.running && current.state) {
        if (options.nodeDisk && current.state.nodeDisk !== options.nodeDisk) {
          throw new EnvironmentError('The guest is running without that node disk.', '`nslab guest down`, then up again with --node-disk.');
        }
        if (options.archive && current.state.archive !== options.archive) {
          throw new EnvironmentError('The guest is running without that image archive loaded.', '`nslab guest down`, then up again with --load.');
        }
        return current.state;
      }
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
    const verdict = await chooseAccelerator(image.dir, image.key, accelVerdictFile(this.cacheDir));
    say(`accelerator: ${verdict.accel} (${verdict.reason})`);
    const spec = { verdict, imageDir: image.dir, files: this.files, cpus: options.cpus ?? 2, memoryMiB: options.memoryMiB ?? 4096 };
    const host = await this.hostImages(say);
    if (options.archive && !existsSync(options.archive)) throw new EnvironmentError(`No image archive at ${options.archive}.`, 'Name a `docker save` archive.');
    const labLayer = await ensureImagesLayer(host?.docker, host?.ids ?? [], spec, say);
    const layer = options.archive ? await ensureArchiveLayer(labLayer, options.archive, spec, say) : labLayer;
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', layer.format, '-b', layer.file, this.files.overlay]);
    if (options.nodeDisk && !existsSync(options.nodeDisk)) {
      throw new EnvironmentError(`No node disk at ${options.nodeDisk}.`, 'Build it with scripts/guest/build-node-disk.sh.');
    }
    const guest = await bootGuest({ ...spec, disk: this.files.overlay, nodeDisk: options.nodeDisk }, say);
    const forwarderPid = await forwardEngine(guest.target, this.files.dockerSocket);
    const state: GuestState = {
      imageKey: image.key,
      accel: verdict.accel,
      qemuPid: guest.qemuPid,
      forwarderPid,
      sshPort: guest.target.port,
      dockerHost: `unix://${this.files.dockerSocket}`,
      startedAt: new Date(guest.startedAt).toISOString(),
      bootSeconds: guest.seconds,
      imagesLoadSeconds: layer.loadSeconds,
      ...(options.nodeDisk ? { nodeDisk: options.nodeDisk } : {}),
      ...(options.archive ? { archive: options.archive } : {}),
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

  /** How to ssh into the running guest: nslab's key, the guest's pinned host key, its loopback port. */
  async sshTarget(): Promise<GuestSshTarget> {
    const { running, state, problem } = await this.status();
    if (!running || !state) throw new EnvironmentError(`The nslab guest is not running${problem ? `: ${problem}` : ''}.`, 'Start it: `nslab guest up`.');
    return { imageDir: join(this.cacheDir, state.imageKey), port: state.sshPort };
  }

  /** Runs a sh script in the running guest, as root. */
  async exec(script: string, options: GuestExecOptions = {}): Promise<ExecResult> {
    return guestExec(await this.sshTarget(), script, options);
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

  /** The lab images on the host engine, by id; none when no host engine answers. */
  private async hostImages(say: OnGuestProgress): Promise<{ docker: Docker; ids: [string, string][] } | undefined> {
    const docker = new Docker(hostEngineOptions(this.files.dockerSocket));
    try {
      const { ids, missing } = await hostImageIds(docker, Object.values(LAB_IMAGES));
      if (missing.length > 0) say(`the host engine lacks ${missing.join(', ')}: build them (\`nslab prepare\`) and run up again to have them in the guest`);
      return { docker, ids };
    } catch (error) {
      say(`the lab images stay out of the guest: no host engine answers (${(error as Error).message})`);
      return undefined;
    }
  }
}

/** The engine the lab images come from: DOCKER_HOST, unless that is this guest itself. */
function hostEngineOptions(guestSocket: string): Docker.DockerOptions | undefined {
  const host = process.env.DOCKER_HOST;
  return host === `unix://${guestSocket}` ? { socketPath: LOCAL_ENGINE_SOCKET } : undefined;
}

function requireTools(tools: string[]): void {
  const missing = tools.filter((tool) => !findOnPath(tool, process.env.PATH ?? ''));
  if (missing.length > 0) {
    throw new EnvironmentError(`The nslab guest needs ${missing.join(', ')}.`, 'On Debian or Ubuntu: `sudo apt-get install qemu-system-x86 qemu-utils openssh-client`; on macOS: `brew install qemu`.');
  }
}
