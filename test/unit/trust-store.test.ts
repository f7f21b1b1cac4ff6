// The decisions store: records keyed by digest, written 0600 and atomically,
// and refused when a symlink or a file others can write sits at its name.
import { chmodSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_TRUST_RECORDS, PackTrustStore, parseTrustFile, TrustStoreError, withTrusted, type TrustRecord } from '../../electron/labs/trust-store';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-trust-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const digest = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;
const record = (n: number): TrustRecord => ({ digest: digest(n), folder: `/packs/${n}`, labs: ['a'], trustedAt: '2026-12-05T00:00:00.000Z' });

describe('withTrusted and parseTrustFile (pure)', () => {
  it('keeps one record per digest, the newest last, and at most MAX_TRUST_RECORDS', () => {
    const again = withTrusted([record(1), record(2)], { ...record(1), folder: '/moved' });
    expect(again.map((r) => r.folder)).toEqual(['/packs/2', '/moved']);
    let many: TrustRecord[] = [];
    for (let i = 0; i < MAX_TRUST_RECORDS + 5; i++) many = withTrusted(many, record(i));
    expect(many).toHaveLength(MAX_TRUST_RECORDS);
    expect(many[0]!.digest).toBe(digest(5));
  });

  it('refuses what is not a trust file, saying how to start over', () => {
    expect(() => parseTrustFile('{', '/f')).toThrow(TrustStoreError);
    expect(() => parseTrustFile(JSON.stringify({ version: 1, packs: [{ digest: 'md5:x' }] }), '/f')).toThrow(/not a trust file/);
    expect(parseTrustFile(JSON.stringify({ version: 1, packs: [record(3)] }), '/f')).toEqual([record(3)]);
  });
});

describe('PackTrustStore (a real file)', () => {
  it('remembers a digest, in a file of mode 0600', async () => {
    const file = join(scratch, 'state', 'trusted-packs.json');
    const store = new PackTrustStore(file);
    expect(await store.isTrusted(digest(7))).toBe(false);
    await store.trust({ digest: digest(7), folder: '/packs/7', labs: ['a'] });
    expect(await new PackTrustStore(file).isTrusted(digest(7))).toBe(true);
    expect(await store.isTrusted(digest(8))).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('believes no symlink at its name, and writing replaces the link instead of following it', async () => {
    const victim = join(scratch, 'victim.json');
    writeFileSync(victim, JSON.stringify({ version: 1, packs: [record(9)] }), { mode: 0o600 });
    const file = join(scratch, 'linked.json');
    symlinkSync(victim, file);
    const store = new PackTrustStore(file);
    await expect(store.isTrusted(digest(9))).rejects.toThrow(/is a symlink/);
    await expect(store.trust({ digest: digest(10), folder: '/p', labs: [] })).rejects.toThrow(TrustStoreError);
    expect(lstatSync(file).isSymbolicLink()).toBe(true);
    expect(readFileSync(victim, 'utf8')).toContain(digest(9));
  });

  it('believes no file that others can write', async () => {
    const file = join(scratch, 'open.json');
    writeFileSync(file, JSON.stringify({ version: 1, packs: [record(11)] }));
    chmodSync(file, 0o666);
    await expect(new PackTrustStore(file).isTrusted(digest(11))).rejects.toThrow(/can be written by others/);
  });
});
