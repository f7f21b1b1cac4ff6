// Several real processes changing one file at once (learners grading side by
// side from one account, each remembering its class secret): every change
// survives. Before the lock, the last writer's read-modify-write dropped the
// others' (a class test lost Ada's secret to Grace's).
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { FileLockBusy, withFileLock } from '../../electron/engine/file-lock';
import { LearnerSecrets } from '../../electron/classroom/learner-secrets';
import { REPO_ROOT } from '../helpers/cli';

const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), 'nslab-file-lock-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const WRITERS = 8;
const SECRET = 'a'.repeat(32);

describe('withFileLock', () => {
  it('keeps every learner secret when eight processes add theirs at once', async () => {
    const file = join(scratch, 'class-secrets.json');
    const child = join(scratch, 'set-secret.mts');
    writeFileSync(
      child,
      `import { LearnerSecrets } from ${JSON.stringify(join(REPO_ROOT, 'electron/classroom/learner-secrets.ts'))};\n` +
        `await new LearnerSecrets(process.argv[2]!).set('https://class.test', process.argv[3]!, ${JSON.stringify(SECRET)});\n`,
    );
    const names = Array.from({ length: WRITERS }, (_, i) => `Learner ${i}`);
    await Promise.all(names.map((name) => run(process.execPath, ['--import', 'tsx', child, file, name], { cwd: REPO_ROOT, timeout: 60_000 })));
    const secrets = new LearnerSecrets(file);
    for (const name of names) await expect(secrets.get('https://class.test', name)).resolves.toBe(SECRET);
    expect(() => readFileSync(`${file}.lock`)).toThrow(/ENOENT/);
  });

  it('takes over the lock of a process that died holding it', async () => {
    const file = join(scratch, 'dead-holder.json');
    const dead = await run(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    writeFileSync(`${file}.lock`, `${dead.stdout}\n`);
    await expect(withFileLock(file, async () => 'changed')).resolves.toBe('changed');
  });

  it('gives up on a live holder after its wait, naming the lock and the holder', async () => {
    const file = join(scratch, 'live-holder.json');
    writeFileSync(`${file}.lock`, `${process.ppid}\n`);
    const error = await withFileLock(file, async () => 'changed', { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileLockBusy);
    expect((error as Error).message).toContain(`${file}.lock is held by process ${process.ppid}`);
    // The lock is the other process's: left in place.
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe(`${process.ppid}\n`);
  });

  it('lets the same process through one change at a time, in order', async () => {
    const file = join(scratch, 'in-process.json');
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => withFileLock(file, async () => void order.push(n))));
    expect(order.sort()).toEqual([1, 2, 3]);
  });
});
