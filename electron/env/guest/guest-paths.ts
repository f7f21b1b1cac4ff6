// Where the guest lives on the host: the built images (kept, keyed by what went
// into them) and the running guest's files (gone after `nslab guest down`).
import { homedir } from 'node:os';
import { join } from 'node:path';

export function guestCacheDir(): string {
  return process.env.NSLAB_GUEST_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'nslab', 'guest');
}

/** Where the KVM probe keeps its verdict (per host kernel and image, see accel.ts). */
export function accelVerdictFile(cacheDir = guestCacheDir()): string {
  return join(cacheDir, 'accel.json');
}

/** The running guest's folder, mode 0700: its sockets and disk layer are nobody else's. */
export interface GuestRunFiles {
  dir: string;
  state: string;
  overlay: string;
  imagesTar: string;
  serialLog: string;
  qemuPid: string;
  dockerSocket: string;
  lock: string;
}

export function guestRunFiles(cacheDir = guestCacheDir()): GuestRunFiles {
  const dir = join(cacheDir, 'run');
  return {
    dir,
    state: join(dir, 'state.json'),
    overlay: join(dir, 'disk.qcow2'),
    imagesTar: join(dir, 'images.tar'),
    serialLog: join(dir, 'console.log'),
    qemuPid: join(dir, 'qemu.pid'),
    dockerSocket: join(dir, 'docker.sock'),
    // Beside the run folder, not in it: `down` removes that folder, and must not remove a running `up`'s lock.
    lock: join(cacheDir, 'up.lock'),
  };
}
