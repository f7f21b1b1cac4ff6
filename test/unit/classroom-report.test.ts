// What a learner may send the class server: exactly a grade report, bounded.
import { describe, expect, it } from 'vitest';
import { MAX_CHECK_MESSAGE, MAX_CHECKS, MAX_REPORT_BYTES, parseJoinRequest, parseReport, ReportError, showableText } from '../../electron/classroom/report-schema';
import { stepReport } from '../../electron/classroom/step-report';
import type { StepGrade } from '../../electron/shared/grade';

const valid = {
  labId: 'uts-namespace',
  stepId: 'set-hostname',
  checks: [{ title: 'the hostname is lab-a', status: 'pass', message: 'OK' }],
};

describe('parseReport', () => {
  it('takes a well-formed report as it is', () => {
    expect(parseReport(valid)).toEqual(valid);
  });

  it.each([
    ['a transcript (terminal output)', { ...valid, transcript: 'root@box:~# cat /etc/shadow' }, 'Unrecognized key'],
    ['an extra field in a check', { ...valid, checks: [{ ...valid.checks[0], found: 'x' }] }, 'checks.0'],
    ['a lab id that is a path', { ...valid, labId: '../../etc' }, 'labId'],
    ['a learner name (the secret says who)', { ...valid, learner: 'Ada' }, 'Unrecognized key'],
    ['a time of the learner\'s clock (the server\'s clock orders reports)', { ...valid, checkedAt: '9999-12-31T23:59:59Z' }, 'Unrecognized key'],
    ['an unknown status', { ...valid, checks: [{ ...valid.checks[0], status: 'passed' }] }, 'status'],
    ['too many checks', { ...valid, checks: Array(MAX_CHECKS + 1).fill(valid.checks[0]) }, 'checks'],
    ['a message over the limit', { ...valid, checks: [{ ...valid.checks[0], message: 'x'.repeat(MAX_CHECK_MESSAGE + 1) }] }, 'checks.0.message'],
    ['a list instead of an object', [valid], 'the body'],
    ['null', null, 'the body'],
  ])('refuses %s, saying where', (_what, body, where) => {
    expect(() => parseReport(body)).toThrow(ReportError);
    expect(() => parseReport(body)).toThrow(where);
  });

  it('fits the largest valid report in the size limit', () => {
    const largest = { ...valid, labId: 'x'.repeat(64), stepId: 'y'.repeat(64), checks: Array(MAX_CHECKS).fill({ title: 't'.repeat(200), status: 'error', message: 'm'.repeat(MAX_CHECK_MESSAGE) }) };
    expect(parseReport(largest).checks).toHaveLength(MAX_CHECKS);
    expect(Buffer.byteLength(JSON.stringify(largest))).toBeLessThan(MAX_REPORT_BYTES);
  });
});

describe('parseJoinRequest', () => {
  it('takes a name, and the secret of an earlier join, and nothing else', () => {
    expect(parseJoinRequest({ learner: 'grace' })).toEqual({ learner: 'grace' });
    expect(parseJoinRequest({ learner: 'grace', secret: 'a'.repeat(32) })).toEqual({ learner: 'grace', secret: 'a'.repeat(32) });
    expect(() => parseJoinRequest({ learner: 'grace', secret: 'short' })).toThrow('secret');
    expect(() => parseJoinRequest({ learner: 'grace', admin: true })).toThrow(ReportError);
  });

  it.each([
    ['an empty learner', { learner: '' }],
    ['a learner with a right-to-left override', { learner: 'Ada\u202Eevil' }],
    ['a learner with a newline', { learner: 'Ada\nBob' }],
    ['a learner padded with spaces', { learner: ' Ada ' }],
  ])('refuses %s', (_what, body) => {
    expect(() => parseJoinRequest(body)).toThrow('learner');
  });

  it('keeps "__proto__" as a plain name, not a prototype', () => {
    const join = parseJoinRequest(JSON.parse('{"learner":"__proto__"}'));
    expect(join.learner).toBe('__proto__');
    expect(Object.getPrototypeOf(join)).toBe(Object.prototype);
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
    const report = stepReport('uts-namespace', grade);
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
