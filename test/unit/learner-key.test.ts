// A learner's key on a class on Kubernetes: its shape, that no key followed by
// '-' begins another (the admission policy tells learners' cluster-wide objects
// apart by that prefix), and that the class refuses a name whose key another
// name holds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClassRoutes } from '../../electron/classroom/class-routes';
import { ClassStore } from '../../electron/classroom/class-store';
import { isLearnerKey, learnerKey } from '../../electron/server/learner-key';

describe("a learner's key (their namespaces, files and cluster-wide prefix)", () => {
  it('is a DNS label, readable, with 64 bits of hash, and tells apart names that differ only in case or accents', () => {
    expect(learnerKey('Ana')).toMatch(/^ana-[0-9a-f]{16}$/);
    expect(learnerKey('Ana')).not.toBe(learnerKey('ana'));
    expect(learnerKey('Zoë')).not.toBe(learnerKey('Zoe'));
    // The box namespace re-slugs the key up to 30 characters: the hash must survive it.
    expect(learnerKey('x'.repeat(64)).length).toBeLessThanOrEqual(30);
    expect(learnerKey('---')).toMatch(/^learner-[0-9a-f]{16}$/);
  });

  it('no longer collides for the names that shared a 24-bit key', () => {
    expect(learnerKey('Ann=?&($')).not.toBe(learnerKey('Ann'));
  });

  it('is prefix-free, even for names built to hold another learner\'s key', () => {
    const names = ['Ann', 'ann', 'Ann Smith', 'a', 'ab', 'Alexandra Catherine Smith', '---', 'Zoë', 'x'.repeat(64)];
    // Names whose slug begins with another learner's whole key, as an attacker would pick them.
    const built = names.flatMap((n) => [`${learnerKey(n)}`, `${learnerKey(n)} x`, `${learnerKey(n)}-${learnerKey(n)}`]);
    const keys = [...names, ...built].map(learnerKey);
    for (const key of keys) expect(isLearnerKey(key), key).toBe(true);
    for (const a of keys) {
      for (const b of keys) if (a !== b) expect(`${b}-`.startsWith(`${a}-`), `${a} / ${b}`).toBe(false);
    }
  });

  it('is refused when its shape would let a prefix cover another key', () => {
    expect(isLearnerKey('ana-0123456789abcdef')).toBe(true);
    expect(isLearnerKey('ana-0123456789abcde')).toBe(false);
    expect(isLearnerKey('ana-0123456789abcdef-0123456789abcdef')).toBe(false);
    expect(isLearnerKey('Ana-0123456789abcdef')).toBe(false);
    expect(isLearnerKey('0123456789abcdef')).toBe(false);
  });
});

describe('a class whose learners sit on the server', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'nslab-learner-key-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('refuses a join whose key another name holds', async () => {
    const store = await ClassStore.open(join(scratch, 'class.jsonl'), { code: 'KEYCLASS' });
    try {
      // A stand-in key that collides for case alone (no two names are known to share a learnerKey).
      const routes = new ClassRoutes(store, [], scratch, { keyOf: (learner) => learner.toLowerCase() });
      expect((await routes.joinFromPage('KEYCLASS', 'Ann', '127.0.0.1')).outcome).toBe('joined');
      await expect(routes.joinFromPage('KEYCLASS', 'ANN', '127.0.0.1')).rejects.toThrow(/would share the seat/);
      expect([...store.state.learners.keys()]).toEqual(['Ann']);
      expect((await routes.joinFromPage('KEYCLASS', 'Bea', '127.0.0.1')).outcome).toBe('joined');
    } finally {
      await store.close();
    }
  });
});
