// runOnHost runs a real program (sh) on this machine: what ssh into the guest
// and nslab's kubectl scripts go through.
import { describe, expect, it } from 'vitest';
import { runOnHost } from '../../electron/env/host-process';

describe('a program run on this machine', () => {
  it('gets its input on stdin, then end of file, and gives back both streams and the exit code', async () => {
    const result = await runOnHost('sh', ['-s'], { timeoutMs: 10_000, input: 'cat >/dev/null; echo out; echo err >&2; exit 3\n' });
    expect(result).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3, timedOut: false });
  });

  it('runs with the environment it is given', async () => {
    const result = await runOnHost('sh', ['-c', 'echo "$NSLAB_X"'], { timeoutMs: 10_000, env: { PATH: process.env.PATH, NSLAB_X: 'given' } });
    expect(result.stdout).toBe('given\n');
  });

  it('without input, reads end of file rather than waiting', async () => {
    const result = await runOnHost('sh', ['-c', 'cat; echo done'], { timeoutMs: 10_000 });
    expect(result).toMatchObject({ stdout: 'done\n', timedOut: false });
  });

  it('is killed at its deadline and says so', async () => {
    const result = await runOnHost('sh', ['-c', 'exec sleep 30'], { timeoutMs: 200 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBe(-1);
  });

  it('says on stderr that a program is not there', async () => {
    const result = await runOnHost('nslab-no-such-program', [], { timeoutMs: 10_000 });
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('nslab-no-such-program: spawn nslab-no-such-program ENOENT');
  });
});
