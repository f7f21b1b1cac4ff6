// The node half's only tool: bind mounts, made with util-linux's mount(8) (the
// same call the kubelet's mount-utils makes) and checked in this process's own
// /proc/self/mountinfo, so a second call finds its work done (CSI calls must be
// idempotent: the kubelet retries them).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs';
import { promisify } from 'node:util';
import { parseMountinfo } from '../probes/mounts/parse';
import type { Mount } from '../shared/mount-snapshot';

const run = promisify(execFile);

export async function mountAt(path: string): Promise<Mount | undefined> {
  // fs's readFile, not fs/promises': Node 18's (the node plugin's image runs
  // Debian 12's) stops after its first read of a file whose size is 0, as
  // procfs reports: in a kind node's plugin container mountinfo is about 6 KB
  // and 3877 bytes came back, without the staging mounts at its end, so every
  // NodePublishVolume was refused as not staged.
  const mounts = parseMountinfo(await promisify(readFile)('/proc/self/mountinfo', 'utf8'));
  // The last one wins: a mount stacked on another hides it.
  return mounts.filter((m) => m.mountPoint === path).pop();
}

export async function bindMount(source: string, target: string, readOnly = false): Promise<void> {
  await run('mount', ['--bind', source, target]);
  // A read-only bind takes a second call: MS_BIND ignores MS_RDONLY on the first.
  if (readOnly) await run('mount', ['-o', 'remount,bind,ro', target]);
}

export async function unmount(target: string): Promise<void> {
  await run('umount', [target]);
}
