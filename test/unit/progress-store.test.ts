import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProgressStore } from '../../electron/engine/progress-store';

const dir = mkdtempSync(join(tmpdir(), 'nslab-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ProgressStore', () => {
  it('starts empty and keeps what is written, across instances', async () => {
    const file = join(dir, 'a', 'progress.json');
    expect(await new ProgressStore(file).load()).toEqual({});
    await new ProgressStore(file).update((s) => {
      s['uts-namespace'] = { currentStep: 'leave', steps: { 'look-around': { passed: true, hintsRevealed: 1, solutionRevealed: false } } };
    });
    expect((await new ProgressStore(file).load())['uts-namespace']?.currentStep).toBe('leave');
    expect(readdirSync(join(dir, 'a'))).toEqual(['progress.json']);
  });

  it('applies concurrent updates one after another, losing none', async () => {
    const store = new ProgressStore(join(dir, 'b', 'progress.json'));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.update((s) => {
          s[`lab-${i}`] = { currentStep: 'x', steps: {} };
        }),
      ),
    );
    expect(Object.keys(await store.load())).toHaveLength(20);
  });

  it('sets an unreadable file aside instead of deleting it', async () => {
    const file = join(dir, 'c.json');
    writeFileSync(file, '{ not json');
    expect(await new ProgressStore(file).load()).toEqual({});
    const kept = readdirSync(dir).find((f) => f.startsWith('c.json.unreadable-'));
    expect(kept).toBeDefined();
    expect(readFileSync(join(dir, kept!), 'utf8')).toBe('{ not json');
  });
});
