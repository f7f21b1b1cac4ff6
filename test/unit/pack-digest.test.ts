// The content digest a trust decision is keyed by: pure over entries, and the
// reader on a real folder (any change of a file, a name, a symlink's target or
// the set of files makes another digest; the same content anywhere, the same).
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { digestPackFolder, packDigest, readPackEntries, type PackEntry } from '../../electron/labs/pack-digest';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-digest-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const text = (s: string) => new TextEncoder().encode(s);

describe('packDigest (pure)', () => {
  const base: PackEntry[] = [
    { path: 'a', kind: 'dir' },
    { path: 'a/lab.yaml', kind: 'file', content: text('id: a\n') },
  ];

  it('does not depend on the order entries come in', () => {
    expect(packDigest([...base].reverse())).toBe(packDigest(base));
    expect(packDigest(base)).toMatch(/^sha256:[a-f0-9]{64}$/);
  });

  it('changes with a byte, a name, a kind or a symlink target', () => {
    const digests = [
      packDigest(base),
      packDigest([base[0]!, { path: 'a/lab.yaml', kind: 'file', content: text('id: b\n') }]),
      packDigest([base[0]!, { path: 'a/lab.yml', kind: 'file', content: text('id: a\n') }]),
      packDigest([base[0]!, { path: 'a/lab.yaml', kind: 'link', target: 'id: a\n' }]),
      packDigest([base[0]!, { path: 'a/lab.yaml', kind: 'link', target: 'other' }]),
      packDigest([...base, { path: 'a/solve.sh', kind: 'file', content: text('') }]),
    ];
    expect(new Set(digests).size).toBe(digests.length);
  });

  it('frames each field, so moving bytes between a name and a content changes the digest', () => {
    const one = packDigest([{ path: 'ab', kind: 'file', content: text('c') }]);
    const two = packDigest([{ path: 'a', kind: 'file', content: text('bc') }]);
    expect(one).not.toBe(two);
  });
});

describe('digestPackFolder (a real folder)', () => {
  const pack = join(scratch, 'pack');
  mkdirSync(join(pack, 'lab-one'), { recursive: true });
  writeFileSync(join(pack, 'lab-one', 'lab.yaml'), 'id: lab-one\n');
  writeFileSync(join(pack, 'lab-one', 'step.md'), '# step\n');

  it('is the same for the same content in another place, and changes when a file does', async () => {
    const copy = join(scratch, 'copy');
    cpSync(pack, copy, { recursive: true });
    const before = await digestPackFolder(pack);
    expect(await digestPackFolder(copy)).toBe(before);
    writeFileSync(join(copy, 'lab-one', 'step.md'), '# step, changed\n');
    expect(await digestPackFolder(copy)).not.toBe(before);
  });

  it('hashes a symlink as its target, never following it out of the folder', async () => {
    const outside = join(scratch, 'outside.txt');
    writeFileSync(outside, 'secret one');
    const linked = join(scratch, 'linked');
    cpSync(pack, linked, { recursive: true });
    symlinkSync(outside, join(linked, 'lab-one', 'notes.md'));
    const entries = await readPackEntries(linked);
    expect(entries.find((e) => e.path === 'lab-one/notes.md')).toEqual({ path: 'lab-one/notes.md', kind: 'link', target: outside });
    const before = await digestPackFolder(linked);
    writeFileSync(outside, 'secret two');
    expect(await digestPackFolder(linked)).toBe(before);
  });
});
