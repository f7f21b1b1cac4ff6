// The progress store survives a crash: a real child process writes to it as
// fast as it can and is SIGKILLed at a random moment, round after round. After
// every kill the file must parse and hold every write the child acknowledged
// (it acks after each update returns), from this round and all before it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgressStore } from '../../electron/engine/progress-store';
import { REPO_ROOT } from '../helpers/cli';

const ROUNDS = 40;
const SEED = 20_251_125;

const scratch = mkdtempSync(join(tmpdir(), 'nslab-progress-kill-'));
const writer = join(scratch, 'progress-writer.mjs');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Bundled once: plain node starts in a fraction of what tsx needs, so the rounds are spent writing.
beforeAll(async () => {
  await build({
    entryPoints: [join(REPO_ROOT, 'test/helpers/progress-writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: writer,
    logLevel: 'error',
  });
});

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs the writer until `killAfterMs` past its first ack, SIGKILLs it, and returns what it acked. */
function writeUntilKilled(file: string, first: number, killAfterMs: number): Promise<{ acked: number[]; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, [writer, file, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const acked: number[] = [];
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const startup = setTimeout(() => child.kill('SIGKILL'), 15_000);
  createInterface({ input: child.stdout }).on('line', (line) => {
    const n = /^ack (\d+)$/.exec(line)?.[1];
    if (n === undefined) return;
    if (acked.length === 0) {
      clearTimeout(startup);
      setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    }
    acked.push(Number(n));
  });
  // 'close': the process is gone and its stdout read to the end, so every ack it wrote is in.
  return new Promise((resolve, reject) =>
    child.once('close', (code, signal) =>
      signal === 'SIGKILL' && acked.length > 0 ? resolve({ acked, signal }) : reject(new Error(`writer ended with ${code ?? signal}:\n${stderr}`)),
    ),
  );
}

describe('ProgressStore under SIGKILL', () => {
  it(`loses no acknowledged write over ${ROUNDS} kills`, { timeout: 120_000 }, async () => {
    const dir = join(scratch, 'store');
    const file = join(dir, 'progress.json');
    const random = prng(SEED);
    const everAcked: number[] = [];
    let next = 0;
    let midWrite = 0;

    for (let round = 0; round < ROUNDS; round++) {
      const { acked } = await writeUntilKilled(file, next, Math.floor(random() * 40));
      everAcked.push(...acked);

      const text = readFileSync(file, 'utf8');
      const state = JSON.parse(text) as Record<string, unknown>;
      const lost = everAcked.filter((n) => !(`write-${n}` in state));
      expect(lost, `round ${round}: acknowledged writes missing after the kill`).toEqual([]);
      // The store's own reader accepts it too (it would set an unreadable file aside).
      expect(Object.keys(await new ProgressStore(file).load())).toHaveLength(Object.keys(state).length);

      // A temporary file left behind: the kill landed between writing it and renaming it into place.
      const temps = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
      if (temps.length > 0) midWrite++;
      // The next write sweeps what a dead writer left.
      await new ProgressStore(file).update(() => undefined);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      // One more write than acked may have landed (killed between rename and ack): continue after it.
      next = Math.max(...Object.keys(state).map((k) => Number(k.slice('write-'.length)))) + 1;
    }
    console.log(
      `progress store: ${ROUNDS} rounds, ${ROUNDS} SIGKILLs (${midWrite} mid-write, a temporary file left), ` +
        `${everAcked.length} acknowledged writes, 0 lost`,
    );
    expect(everAcked.length).toBeGreaterThanOrEqual(ROUNDS);
  });
});
