// The processes a guest consists of (QEMU, the ssh forwards of guest-forward.ts),
// found by what they were started with rather than only by recorded pids: a lost
// state file or a crashed `up` must still leave nothing running after `down`.
import { readdir, readFile } from 'node:fs/promises';
import { processAlive } from '../../engine/process-alive';

/** Pids whose command line mentions `marker` (the run folder). Linux /proc only; elsewhere none. */
export async function processesMentioning(marker: string): Promise<number[]> {
  const entries = await readdir('/proc').catch(() => [] as string[]);
  const found: number[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.split('\0').some((arg) => arg.includes(marker))) found.push(pid);
  }
  return found;
}

/**
 * SIGTERM, then SIGKILL for whatever still lives after `graceMs`; resolves when
 * all are gone. A pid this user may not signal (EPERM: another user's process
 * now has it) is not one of ours: it is left alone, not waited for forever.
 */
export async function terminate(pids: number[], graceMs = 5_000): Promise<void> {
  const signal = (pid: number, sig: NodeJS.Signals): boolean => {
    try {
      process.kill(pid, sig);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code !== 'EPERM'; // ESRCH: already gone
    }
  };
  const ours = pids.filter((pid) => signal(pid, 'SIGTERM'));
  const deadline = Date.now() + graceMs;
  while (ours.some(processAlive) && Date.now() < deadline) await pause(100);
  const killed = ours.filter(processAlive).filter((pid) => signal(pid, 'SIGKILL'));
  while (killed.some(processAlive)) await pause(50);
}

export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
