// The running guest as recorded by `nslab guest up`: enough for `status` and
// `down` in another process to find every piece it started.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../../engine/atomic-write';
import type { Accelerator } from './qemu-args';

const GuestStateSchema = z
  .object({
    imageKey: z.string(),
    accel: z.enum(['kvm', 'tcg']),
    qemuPid: z.number().int().positive(),
    forwarderPid: z.number().int().positive().optional(),
    sshPort: z.number().int().min(1).max(65535),
    dockerHost: z.string(),
    startedAt: z.string(),
    bootSeconds: z.number().optional(),
    imagesLoadSeconds: z.number().optional(),
    /** the node disk attached read-only (`up --node-disk`): this guest can join a cluster as a Kubernetes node */
    nodeDisk: z.string().optional(),
    /** the image archive loaded into its engine (`up --load`), from a cached disk layer */
    archive: z.string().optional(),
  })
  .strict();

export type GuestState = z.infer<typeof GuestStateSchema> & { accel: Accelerator };

export async function readGuestState(file: string): Promise<GuestState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = GuestStateSchema.safeParse(JSON.parse(text));
  // A state file nslab cannot read describes nothing it can manage: treat it as absent.
  return parsed.success ? parsed.data : undefined;
}

export function writeGuestState(file: string, state: GuestState): Promise<void> {
  return writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`, 0o600);
}
