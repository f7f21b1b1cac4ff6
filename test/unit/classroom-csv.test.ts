// The CSV export: quoting by RFC 4180, and no learner-supplied cell that a spreadsheet runs.
import { describe, expect, it } from 'vitest';
import { csvField, tableCsv } from '../../electron/classroom/csv';
import type { ClassTable } from '../../electron/shared/classroom';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', `"'\r=1"`],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('tableCsv', () => {
  const table: ClassTable = {
    labs: [{ id: 'uts-namespace', title: 'UTS, the hostname', steps: [{ id: 'a', title: 'First' }, { id: 'b', title: 'Second' }] }],
    rows: [
      { learner: '=cmd|calc', joinedAt: 't', reports: 2, cells: { 'uts-namespace/a': { status: 'fail', checkedAt: '2025-03-01T10:00:00Z', problems: ['x: no', 'y: "no"'] } } },
    ],
  };

  it('writes one line per learner and step, the unchecked ones too', () => {
    expect(tableCsv(table).split('\r\n')).toEqual([
      'learner,lab,lab_title,step,step_title,status,checked_at,problems',
      `'=cmd|calc,uts-namespace,"UTS, the hostname",a,First,fail,2025-03-01T10:00:00Z,"x: no | y: ""no"""`,
      `'=cmd|calc,uts-namespace,"UTS, the hostname",b,Second,not checked,,`,
      '',
    ]);
  });
});
