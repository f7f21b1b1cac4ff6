// writeFileAtomic against another local user (uid 65534, "nobody", run as a
// real child process) who shares the folder: what they planted never receives
// the content, and the file written is theirs neither to read nor to swap.
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../electron/engine/atomic-write';

const NOBODY = 65534;
const scratch = mkdtempSync(join(tmpdir(), 'nslab-atomic-'));
chmodSync(scratch, 0o755);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `code` in Node as user nobody; its stdout. */
function asNobody(code: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['-e', code], { uid: NOBODY, gid: NOBODY, encoding: 'utf8', timeout: 20_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe.skipIf(process.getuid?.() !== 0)('writeFileAtomic in a folder another user may write to (needs root to be that user; CI is)', () => {
  const shared = join(scratch, 'shared');
  mkdirSync(shared);
  chmodSync(shared, 0o777); // like a --state folder anyone can write, without the sticky bit
  const target = join(shared, 'classroom.json');
  const secret = '{"code":"K7MXQ4PD","token":"secret-token"}\n';

  it('captures nothing through names planted in advance, and leaves a 0600 file', async () => {
    // What the old writer would have used (.<name>.<pid>.<n>.tmp) and what this one
    // might (a process's own prefix): symlinks and files of nobody's, before the write.
    const planted = asNobody(`
      const fs = require('fs');
      fs.writeFileSync(${JSON.stringify(join(shared, 'loot'))}, '', { mode: 0o666 });
      for (let n = 0; n < 20; n++) {
        fs.symlinkSync('loot', ${JSON.stringify(shared)} + '/.classroom.json.${process.pid}.' + n + '.tmp');
        fs.writeFileSync(${JSON.stringify(shared)} + '/.classroom.json.${process.pid}.x' + n + '.tmp', '', { mode: 0o666 });
      }
    `);
    expect(planted.stderr).toBe('');

    await writeFileAtomic(target, secret);

    expect(readFileSync(join(shared, 'loot'), 'utf8')).toBe('');
    expect(readFileSync(target, 'utf8')).toBe(secret);
    const info = lstatSync(target);
    expect(info.isFile()).toBe(true);
    expect(info.uid).toBe(process.getuid?.());
    expect(info.mode & 0o777).toBe(0o600);
    const read = asNobody(`try { process.stdout.write(require('fs').readFileSync(${JSON.stringify(target)}, 'utf8')) } catch (e) { process.stdout.write(e.code) }`);
    expect(read.stdout).toBe('EACCES');
    // The private folder the temporary file was made in is gone again.
    expect(readdirSync(shared).filter((n) => n.startsWith('.classroom.json.') && statSync(join(shared, n)).isDirectory())).toEqual([]);
  });

  it('a reader watching the folder during 200 writes never opens a temporary file', async () => {
    // nobody lists the folder and tries to open every entry, as fast as it can, in the background.
    const { spawn } = await import('node:child_process');
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const fs = require('fs'); const dir = ${JSON.stringify(shared)}; let got = 0; const end = Date.now() + 60000;
         process.on('SIGTERM', () => { process.stdout.write(String(got)); process.exit(0); });
         (function loop() { for (const n of fs.readdirSync(dir)) { if (n === 'loot') continue; try { const p = dir + '/' + n; const s = fs.statSync(p);
           const t = s.isDirectory() ? fs.readdirSync(p).map((m) => p + '/' + m) : [p];
           for (const f of t) { try { if (fs.readFileSync(f, 'utf8').includes('secret-token')) got++; } catch {} } } catch {} }
           if (Date.now() < end) setImmediate(loop); })();`,
      ],
      { uid: NOBODY, gid: NOBODY, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 200; i++) await writeFileAtomic(target, secret);
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await exited;
    expect(out).toBe('0');
  }, 60_000);
});

describe('writeFileAtomic in a folder of its own', () => {
  it('writes 0600 and leaves no temporary file', async () => {
    const dir = join(scratch, 'own', 'nested');
    await writeFileAtomic(join(dir, 'progress.json'), '{}\n');
    expect(readdirSync(dir)).toEqual(['progress.json']);
    expect(statSync(join(dir, 'progress.json')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o077).toBe(0);
  });
});
