// What a learner may send the class server: exactly a grade report, bounded.
import { describe, expect, it } from 'vitest';
import { MAX_CHECK_MESSAGE, MAX_CHECKS, MAX_REPORT_BYTES, parseJoinRequest, parseReport, ReportError, showableText } from '../../electron/classroom/report-schema';
import { stepReport } from '../../electron/classroom/step-report';
import type { StepGrade } from '../../electron/shared/grade';

const valid = {
  learner: 'Ada Lovelace',
  labId: 'uts-namespace',
  stepId: 'set-hostname',
  checks: [{ title: 'the hostname is lab-a', status: 'pass', message: 'OK' }],
  checkedAt: '2025-03-01T10:15:00.000Z',
};

describe('parseReport', () => {
  it('takes a well-formed report as it is', () => {
    expect(parseReport(valid)).toEqual(valid);
  });

  it.each([
    ['a transcript (terminal output)', { ...valid, transcript: 'root@box:~# cat /etc/shadow' }, 'Unrecognized key'],
    ['an extra field in a check', { ...valid, checks: [{ ...valid.checks[0], found: 'x' }] }, 'checks.0'],
    ['a lab id that is a path', { ...valid, labId: '../../etc' }, 'labId'],
    ['an empty learner', { ...valid, learner: '' }, 'learner'],
    ['a learner with a right-to-left override', { ...valid, learner: 'Ada\u202Eevil' }, 'learner'],
    ['a learner with a newline', { ...valid, learner: 'Ada\nBob' }, 'learner'],
    ['a learner padded with spaces', { ...valid, learner: ' Ada ' }, 'learner'],
    ['an unknown status', { ...valid, checks: [{ ...valid.checks[0], status: 'passed' }] }, 'status'],
    ['a time that is not ISO 8601', { ...valid, checkedAt: 'yesterday' }, 'checkedAt'],
    ['too many checks', { ...valid, checks: Array(MAX_CHECKS + 1).fill(valid.checks[0]) }, 'checks'],
    ['a message over the limit', { ...valid, checks: [{ ...valid.checks[0], message: 'x'.repeat(MAX_CHECK_MESSAGE + 1) }] }, 'checks.0.message'],
    ['a list instead of an object', [valid], 'the body'],
    ['null', null, 'the body'],
  ])('refuses %s, saying where', (_what, body, where) => {
    expect(() => parseReport(body)).toThrow(ReportError);
    expect(() => parseReport(body)).toThrow(where);
  });

  it('keeps "__proto__" as a plain name, not a prototype', () => {
    const report = parseReport(JSON.parse(JSON.stringify(valid).replace('Ada Lovelace', '__proto__')));
    expect(report.learner).toBe('__proto__');
    expect(Object.getPrototypeOf(report)).toBe(Object.prototype);
  });

  it('fits the largest valid report in the size limit', () => {
    const largest = { ...valid, learner: 'x'.repeat(64), checks: Array(MAX_CHECKS).fill({ title: 't'.repeat(200), status: 'error', message: 'm'.repeat(MAX_CHECK_MESSAGE) }) };
    expect(parseReport(largest).checks).toHaveLength(MAX_CHECKS);
    expect(Buffer.byteLength(JSON.stringify(largest))).toBeLessThan(MAX_REPORT_BYTES);
  });
});

describe('parseJoinRequest', () => {
  it('takes a name and nothing else', () => {
    expect(parseJoinRequest({ learner: 'grace' })).toEqual({ learner: 'grace' });
    expect(() => parseJoinRequest({ learner: 'grace', admin: true })).toThrow(ReportError);
  });
});

describe('stepReport', () => {
  const grade: StepGrade = {
    stepId: 'leave',
    title: 'Leave the namespace',
    status: 'fail',
    durationMs: 12,
    transcript: 'secret terminal output',
    checks: [
      { kind: 'file.content', title: 'hostname-after', status: 'fail', expected: 'nslab-box', found: 'lab-a', message: `expected nslab-box\u0007, found lab-a ${'!'.repeat(600)}`, hint: 'exit' },
    ],
  };

  it('sends titles, statuses and messages only, fit to pass the schema', () => {
    const report = stepReport('ada', 'uts-namespace', grade, new Date('2025-03-01T10:00:00Z'));
    expect(parseReport(report)).toEqual(report);
    expect(JSON.stringify(report)).not.toContain('secret terminal output');
    expect(report.checks[0]).toEqual({ title: 'hostname-after', status: 'fail', message: expect.stringMatching(/^expected nslab-box, found lab-a !+…$/) });
    expect(report.checks[0]!.message).toHaveLength(MAX_CHECK_MESSAGE);
  });

  it('never cuts a character in half', () => {
    const text = showableText('😀'.repeat(300), 9);
    expect(() => parseReport({ ...valid, checks: [{ title: 't', status: 'pass', message: text }] })).not.toThrow();
    expect(text.length).toBeLessThanOrEqual(9);
  });
});
