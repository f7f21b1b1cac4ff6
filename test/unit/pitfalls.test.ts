// Pitfalls: recognised from the probe's reading of the box, failing the step
// they are found in and put in place of the hints they make wrong.
import { describe, expect, it } from 'vitest';
import { explainFailures, pitfallResult, pitfallsIn } from '../../electron/engine/checks/pitfalls';
import { parseNamespaceProbe } from '../../electron/probes/ns/parse';
import type { CheckResult } from '../../electron/shared/grade';

const reading = (extra: string) => parseNamespaceProbe(`P 1\nT Name:\ttini\nT PPid:\t0\nT NSpid:\t1\nC dGluaQA=\n${extra}`);

describe('a proc mounted over the box\'s own', () => {
  it('is seen when the probe reports the box\'s /proc as another PID namespace\'s', () => {
    expect(pitfallsIn(reading('W proc-over-box\n')).map((p) => p.id)).toEqual(['proc-over-box']);
    expect(pitfallsIn(reading(''))).toEqual([]);
  });

  it('fails the step with the fix', () => {
    const [pitfall] = pitfallsIn(reading('W proc-over-box\n'));
    expect(pitfallResult(pitfall!)).toMatchObject({ status: 'fail', message: expect.stringContaining('run `umount /proc` in any terminal of the box') });
  });
});

describe('explainFailures', () => {
  const result = (status: CheckResult['status']): CheckResult => ({ kind: 'process.exists', title: 't', status, expected: 'e', found: 'none is running', message: 'Expected e, but none is running. Did you leave out --fork?' });
  const pitfall = pitfallsIn(reading('W proc-over-box\n'))[0]!;

  it('replaces the hints of failures and errors, keeps what the check found, leaves passes alone', () => {
    const [failed, passed] = explainFailures([result('fail'), result('pass')], [pitfall]);
    expect(failed!.message).toMatch(/^The box's own \/proc is hidden: .* \(The check found: none is running\)$/);
    expect(failed!.message).not.toContain('--fork?');
    expect(passed).toEqual(result('pass'));
  });
});
