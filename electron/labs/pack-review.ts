// What someone is asked before a lab pack that did not ship with nslab runs
// anything: the pack's digest and what each of its labs runs and where (the
// list `nslab lint` prints, from the same code), and whether it needs asking at
// all (a built-in pack, or one already trusted in this very content, does not).
import { realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PackReview } from '../shared/api';
import { formatLabTrust } from '../shared/lab-trust';
import { lintLabs } from './lint';
import { digestPackFolder } from './pack-digest';
import type { PackTrustStore } from './trust-store';

export class PackChangedError extends Error {}

/** The review of the pack in `folder` (a folder of labs, or one lab's folder). */
export async function reviewPack(folder: string): Promise<PackReview> {
  const real = await realpath(folder);
  const digest = await digestPackFolder(real);
  const report = await lintLabs(real);
  // What was listed must be what was hashed: a pack rewritten meanwhile is read again, not trusted.
  if ((await digestPackFolder(real)) !== digest) throw new PackChangedError(`${real} changed while it was read; open it again`);
  return { folder: real, digest, labs: report.trust, problems: report.problems };
}

/** The lines a person reads before trusting a pack: the same as `nslab lint`'s. */
export function formatPackReview(review: PackReview): string[] {
  return [`${review.folder} (${review.digest})`, ...review.labs.flatMap(formatLabTrust)];
}

/** Is `folder` nslab's own labs folder, or a lab in it? Those ship with nslab and never ask. */
export async function isBuiltInPack(folder: string, builtInLabsDir: string): Promise<boolean> {
  const [real, builtIn] = await Promise.all([realpath(folder), realpath(builtInLabsDir).catch(() => undefined)]);
  return builtIn !== undefined && (real === builtIn || dirname(real) === builtIn);
}

export type PackTrustState = { state: 'built-in' } | { state: 'trusted'; review: PackReview } | { state: 'ask'; review: PackReview };

/** Whether opening `folder` must ask first, and what to show when it must. */
export async function packTrustState(folder: string, builtInLabsDir: string, store: PackTrustStore): Promise<PackTrustState> {
  if (await isBuiltInPack(folder, builtInLabsDir)) return { state: 'built-in' };
  const review = await reviewPack(folder);
  return (await store.isTrusted(review.digest)) ? { state: 'trusted', review } : { state: 'ask', review };
}

/**
 * Throws unless the pack in `folder` is still the content trusted as `digest`:
 * a server that checked a pack once at start loads its labs from disk long
 * after, and a pack edited meanwhile is not the one anybody agreed to run.
 */
export async function assertPackUnchanged(folder: string, digest: string): Promise<void> {
  const now = await digestPackFolder(folder);
  if (now !== digest) {
    throw new PackChangedError(
      `the lab pack ${folder} changed since nslab started (it was trusted as ${digest}, it is now ${now}): its labs are not opened. ` +
        'Read it again (`nslab lint`) and restart nslab with --trust-pack if you trust the new content.',
    );
  }
}

/** Records that the user trusts `review`'s pack, provided it is still the content they were shown. */
export async function trustReviewedPack(review: Pick<PackReview, 'folder' | 'digest'>, store: PackTrustStore): Promise<PackReview> {
  const now = await reviewPack(review.folder);
  if (now.digest !== review.digest) throw new PackChangedError(`${review.folder} changed since it was shown to you (${review.digest} is now ${now.digest}); look at it again`);
  await store.trust({ digest: now.digest, folder: now.folder, labs: now.labs.map((l) => l.labId) });
  return now;
}
