// Which accelerator boots the guest here: KVM when a kernel really boots under
// it, TCG (emulation, slower but everywhere) otherwise. The probe boots the
// guest's own kernel with a short timeout; its verdict is kept per host kernel
// and guest image, since neither changes between two `up`s.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../engine/atomic-write';
import { kvmBootSucceeded } from './boot-log';
import { GUEST_KERNEL_ARGS, type Accelerator } from './qemu-args';

export interface AccelVerdict {
  accel: Accelerator;
  /** why, in words a learner can act on */
  reason: string;
}

const VerdictSchema = z.object({ key: z.string(), accel: z.enum(['kvm', 'tcg']), reason: z.string() });
const PROBE_TIMEOUT_MS = 20_000;

/** The verdict the last probe left, with the host kernel and image it was for (`key`); none before the first. */
export async function readAccelVerdict(verdictFile: string): Promise<(AccelVerdict & { key: string }) | undefined> {
  const parsed = VerdictSchema.safeParse(await readFile(verdictFile, 'utf8').then(JSON.parse, () => undefined));
  return parsed.success ? parsed.data : undefined;
}

export async function chooseAccelerator(imageDir: string, imageKey: string, verdictFile: string): Promise<AccelVerdict> {
  const forced = process.env.NSLAB_GUEST_ACCEL;
  if (forced === 'tcg' || forced === 'kvm') return { accel: forced, reason: `NSLAB_GUEST_ACCEL=${forced}` };
  try {
    await access('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { accel: 'tcg', reason: code === 'ENOENT' ? 'no /dev/kvm on this host' : `/dev/kvm is not usable by this user (${code})` };
  }
  const key = `${release()} ${imageKey}`;
  const cached = await readAccelVerdict(verdictFile);
  if (cached?.key === key) return { accel: cached.accel, reason: cached.reason };
  const verdict = await probeKvm(imageDir);
  await writeFileAtomic(verdictFile, JSON.stringify({ key, ...verdict }), 0o600);
  return verdict;
}

/** Boots the kernel under KVM without a disk and watches the console for user space. */
async function probeKvm(imageDir: string): Promise<AccelVerdict> {
  const dir = await mkdtemp(join(tmpdir(), 'nslab-kvm-probe-'));
  const console = join(dir, 'console.log');
  const child = spawn(
    'qemu-system-x86_64',
    ['-accel', 'kvm', '-cpu', 'host', '-m', '512M', '-nodefaults', '-display', 'none', '-kernel', `${imageDir}/vmlinuz`, '-initrd', `${imageDir}/initrd.img`, '-append', GUEST_KERNEL_ARGS, '-serial', `file:${console}`, '-no-reboot'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + PROBE_TIMEOUT_MS;
  let booted = false;
  let quit = false;
  void exited.then(() => (quit = true));
  while (!booted && !quit && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    booted = kvmBootSucceeded(await readFile(console, 'utf8').catch(() => ''));
  }
  child.kill('SIGKILL');
  await exited;
  await rm(dir, { recursive: true, force: true });
  if (booted) return { accel: 'kvm', reason: 'a kernel booted under KVM' };
  if (quit) return { accel: 'tcg', reason: `QEMU refused KVM: ${stderr.trim().split('\n').pop() ?? 'no reason given'}` };
  return { accel: 'tcg', reason: `/dev/kvm is there, but a kernel did not boot under it within ${PROBE_TIMEOUT_MS / 1000} s (a nested or paravirtual KVM that only runs special guest kernels)` };
}
