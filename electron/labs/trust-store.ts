// The lab packs this user agreed to run, keyed by content digest (pack-digest.ts):
// a pack asks once, and asks again the moment any byte of it changes. Kept in
// nslab's own folder, 0600, replaced atomically (engine/atomic-write.ts). A
// record says "run this code", so it is read only from a regular file of this
// user's that nobody else can write: a symlink planted at its name, or a file
// of another user's, is refused rather than believed.
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../engine/atomic-write';
import { withFileLock } from '../engine/file-lock';
import { nslabConfigDir } from '../env/config-dir';

const TrustRecordSchema = z.strictObject({
  digest: z.string().regex(/^sha256:[a-f0-9]{64}$/),
  /** where the pack was when it was trusted: for the person reading the file, never for a decision */
  folder: z.string().max(4096),
  labs: z.array(z.string().max(100)).max(1000),
  trustedAt: z.string().max(40),
});
export type TrustRecord = z.infer<typeof TrustRecordSchema>;

const TrustFileSchema = z.strictObject({ version: z.literal(1), packs: z.array(TrustRecordSchema) });

/** Old decisions fall off the end: a pack trusted a thousand packs ago asks again. */
export const MAX_TRUST_RECORDS = 1000;

export class TrustStoreError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
  }
}

export function defaultTrustFile(): string {
  return join(nslabConfigDir(), 'trusted-packs.json');
}

/** Pure: the records in a trust file's text; throws on anything else. */
export function parseTrustFile(text: string, file: string): TrustRecord[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TrustStoreError(`${file} is not JSON`, `remove it (every pack then asks again): rm ${file}`);
  }
  const parsed = TrustFileSchema.safeParse(json);
  if (!parsed.success) throw new TrustStoreError(`${file} is not a trust file of nslab's: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`, `remove it (every pack then asks again): rm ${file}`);
  return parsed.data.packs;
}

/** Pure: the records with `record` added (a digest trusted again moves to the end), capped. */
export function withTrusted(records: readonly TrustRecord[], record: TrustRecord): TrustRecord[] {
  return [...records.filter((r) => r.digest !== record.digest), record].slice(-MAX_TRUST_RECORDS);
}

export class PackTrustStore {
  constructor(private readonly file: string = defaultTrustFile()) {}

  async isTrusted(digest: string): Promise<boolean> {
    return (await this.load()).some((r) => r.digest === digest);
  }

  async trust(record: Omit<TrustRecord, 'trustedAt'>, now = new Date()): Promise<void> {
    // Locked: two `--trust-pack` runs at once each keep their pack.
    await withFileLock(this.file, async () => {
      const records = withTrusted(await this.load(), { ...record, trustedAt: now.toISOString() });
      await writeFileAtomic(this.file, `${JSON.stringify({ version: 1, packs: records }, null, 2)}\n`, 0o600);
    });
  }

  async load(): Promise<TrustRecord[]> {
    let handle;
    try {
      // O_NOFOLLOW: a symlink at the file's name is refused (ELOOP), never followed.
      handle = await open(this.file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return [];
      if (code === 'ELOOP') throw this.refused('is a symlink');
      throw error;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw this.refused('is not a regular file');
      if (typeof process.getuid === 'function' && info.uid !== process.getuid()) throw this.refused(`belongs to uid ${info.uid}, not to you`);
      if ((info.mode & 0o022) !== 0) throw this.refused(`can be written by others (mode ${(info.mode & 0o777).toString(8)})`);
      return parseTrustFile(await handle.readFile('utf8'), this.file);
    } finally {
      await handle.close();
    }
  }

  private refused(why: string): TrustStoreError {
    return new TrustStoreError(`${this.file} ${why}: nslab does not believe trust records someone else could have written`, `remove it (every pack then asks again): rm ${this.file}`);
  }
}
