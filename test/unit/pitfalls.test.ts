// Pitfalls: recognised from what the box answers (or how it fails to), and
// put in place of the hints they make wrong.
import { describe, expect, it } from 'vitest';
import { explainFailures, procPitfallOf } from '../../electron/engine/checks/pitfalls';
import type { CheckResult } from '../../electron/shared/grade';

const exec = (stdout: string, stderr = '', exitCode = 0) => ({ stdout, stderr, exitCode, timedOut: false });

describe('a proc mounted over the box\'s own', () => {
  it('is seen when /proc/self is gone for the reader', () => {
    expect(procPitfallOf(exec('foreign-proc\n'))?.id).toBe('proc-over-box');
    expect(procPitfallOf(exec('own-proc\n'))).toBeUndefined();
  });

  it('is seen when runc cannot even start the reader (as docker exec reports it)', () => {
    const refused = exec('', 'OCI runtime exec failed: exec failed: unable to start container process: error closing exec fds: open /proc/self/fd: no such file or directory: unknown', 126);
    expect(procPitfallOf(refused)?.message).toContain('run `umount /proc` in any terminal of the box');
  });
});

describe('explainFailures', () => {
  const result = (status: CheckResult['status']): CheckResult => ({ kind: 'process.exists', title: 't', status, expected: 'e', found: 'none is running', message: 'Expected e, but none is running. Did you leave out --fork?' });
  const pitfall = procPitfallOf(exec('foreign-proc'))!;

  it('replaces the hints of failures and errors, keeps what the check found, leaves passes alone', () => {
    const [failed, passed] = explainFailures([result('fail'), result('pass')], [pitfall]);
    expect(failed!.message).toMatch(/^The box's own \/proc is hidden: .* \(The check found: none is running\)$/);
    expect(failed!.message).not.toContain('--fork?');
    expect(passed).toEqual(result('pass'));
  });
});
