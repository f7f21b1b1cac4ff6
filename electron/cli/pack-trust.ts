// The CLI's gate before a lab pack runs: a folder of labs that did not ship with
// nslab runs only once trusted in its exact content (labs/pack-review.ts), the
// same record the app asks for. Not trusted yet: nslab prints what the pack
// runs and where (the list `nslab lint` prints) and how to trust it.
import { formatPackReview, packTrustState, PackChangedError, trustReviewedPack } from '../labs/pack-review';
import { PackTooLargeError } from '../labs/pack-digest';
import { PackTrustStore, TrustStoreError } from '../labs/trust-store';
import { join } from 'node:path';
import { PACKAGE_ROOT } from './package-root';

export const TRUST_PACK_OPTION = { 'trust-pack': { type: 'boolean', default: false } } as const;
export const TRUST_PACK_USAGE = `--trust-pack: run a lab pack that did not ship with nslab, after reading what it runs
                             (asked once per content: a changed pack must be trusted again)`;

/** nslab's own labs: they never ask. */
export const BUILT_IN_LABS = join(PACKAGE_ROOT, 'labs');

/** Leave to run a pack: the digest it was trusted as (none for nslab's own labs), for a server that loads its labs later to check again. */
export interface PackPermit {
  digest?: string;
}

/**
 * Whether the labs in `folder` may run (a permit) or not (undefined). With
 * `trustPack`, a pack not trusted yet is trusted now (and said so, with its
 * list); without, it is refused with its list and the way to trust it.
 * `command` is how to run it again.
 */
export async function packMayRun(folder: string, trustPack: boolean, command: string, store = new PackTrustStore()): Promise<PackPermit | undefined> {
  const say = (text: string) => process.stderr.write(`${text}\n`);
  try {
    const trust = await packTrustState(folder, BUILT_IN_LABS, store);
    if (trust.state === 'built-in') return {};
    if (trust.state === 'trusted') return { digest: trust.review.digest };
    const list = formatPackReview(trust.review).join('\n');
    if (trustPack) {
      const trusted = await trustReviewedPack(trust.review, store);
      say(`nslab: trusting this lab pack from now on, as --trust-pack says (it asks again if it changes):\n${list}`);
      return { digest: trusted.digest };
    }
    say(
      `nslab: ${trust.review.folder}: this lab pack did not ship with nslab and you have not trusted it yet.\n` +
        `A lab pack is code: here is what it runs, and where.\n${list}\n` +
        `  → read it (\`nslab lint ${folder}\` prints the same), then run again with --trust-pack: ${command} --trust-pack`,
    );
    return undefined;
  } catch (error) {
    if (error instanceof TrustStoreError) say(`nslab: ${error.message}\n  → ${error.fix}`);
    else if (error instanceof PackChangedError || error instanceof PackTooLargeError) say(`nslab: ${error.message}`);
    else if ((error as NodeJS.ErrnoException).code === 'ENOENT') say(`nslab: no folder ${folder}`);
    else throw error;
    return undefined;
  }
}
