import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitReport } from '../../electron/engine/report/junit';
import { textReport } from '../../electron/engine/report/text';
import type { LabGrade } from '../../electron/shared/grade';

const grade: LabGrade = {
  labId: 'uts-namespace',
  title: 'UTS <namespaces> & "you"',
  status: 'fail',
  mode: 'submission',
  environment: 'docker lab box abc (capabilities)',
  startedAt: '2026-11-25T06:00:00.123Z',
  durationMs: 1500,
  steps: [
    {
      stepId: 'unshare-uts',
      title: 'Start a shell',
      status: 'fail',
      durationMs: 1000,
      checks: [
        { kind: 'ns.differs', title: 'own uts', status: 'fail', expected: 'a <bash> in another uts', found: 'pid 8 is in uts:[1]\u0001', message: 'Expected … Run "unshare".', hint: 'Run "unshare".' },
        { kind: 'file.content', title: 'saved', status: 'pass', expected: 'x', found: 'x', message: 'OK' },
      ],
    },
  ],
};

describe('junitReport', () => {
  const xml = junitReport([grade, { ...grade, labId: 'pid-namespace', status: 'error', steps: [], error: 'No Docker engine answers.' }]);

  it('is well-formed XML with escaped text', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('has one testsuite per lab and one testcase per check, with counts', () => {
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(doc.testsuites).toMatchObject({ tests: '3', failures: '1', errors: '1' });
    const [uts, pid] = doc.testsuites.testsuite;
    expect(uts).toMatchObject({ name: 'uts-namespace', tests: '2', failures: '1', errors: '0' });
    expect(uts.testcase[0]).toMatchObject({ classname: 'uts-namespace.unshare-uts', name: 'own uts' });
    expect(uts.testcase[0].failure).toMatchObject({ type: 'ns.differs', message: 'Expected … Run "unshare".' });
    expect(uts.testcase[0].failure['#text']).toContain('expected: a <bash> in another uts');
    expect(pid).toMatchObject({ name: 'pid-namespace', tests: '1', errors: '1' });
  });
});

describe('textReport', () => {
  it('prints expected, found and the hint under a failure, without colour unless asked', () => {
    const text = textReport(grade);
    expect(text).toContain('✘  1 unshare-uts  Start a shell');
    expect(text).toContain('expected: a <bash> in another uts');
    expect(text).toContain('→ Run "unshare".');
    expect(text).toContain('FAIL  1/2 checks passed');
    expect(text).not.toContain('\x1b[');
    expect(textReport(grade, { colour: true })).toContain('\x1b[31m');
  });
});
