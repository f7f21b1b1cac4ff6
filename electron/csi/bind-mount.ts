// The node half's only tool: bind mounts, made with util-linux's mount(8) (the
// same call the kubelet's mount-utils makes) and checked in this process's own
// /proc/self/mountinfo, so a second call finds its work done (CSI calls must be
// idempotent: the kubelet retries them).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { parseMountinfo } from '../probes/mounts/parse';
import type { Mount } from '../shared/mount-snapshot';

const run = promisify(execFile);

export async function mountAt(path: string): Promise<Mount | undefined> {
  const mounts = parseMountinfo(await readFile('/proc/self/mountinfo', 'utf8'));
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
