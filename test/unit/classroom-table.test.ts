// The class state, its log and the instructor's table built from it: pure, so stepped through here.
import { describe, expect, it } from 'vitest';
import { compactClassLog, joinLine, replayClassLog, reportLine } from '../../electron/classroom/class-log';
import { applyReport, emptyClassState, joinLearner, MAX_LEARNERS, MAX_STATE_BYTES, type ClassState } from '../../electron/classroom/class-state';
import { classTable } from '../../electron/classroom/table';
import type { ClassReport, TableLab } from '../../electron/shared/classroom';

const OUTLINES: TableLab[] = [
  { id: 'uts-namespace', title: 'UTS namespace', steps: [{ id: 'look-around', title: 'Look around' }, { id: 'set-hostname', title: 'Set a hostname' }] },
  { id: 'pid-namespace', title: 'PID namespace', steps: [{ id: 'one', title: 'One' }] },
  { id: 'mnt-namespace', title: 'Mount namespace', steps: [{ id: 'a', title: 'A' }] },
];

function report(labId: string, stepId: string, status: 'pass' | 'fail' | 'error'): ClassReport {
  return { labId, stepId, checks: [{ title: `${stepId} check`, status, message: status === 'pass' ? 'OK' : 'expected x, found y' }] };
}

const digest = (n: number) => n.toString(16).padStart(64, '0');

/** `learner` joined with the secret digest `n`, then sent `reports`, received at the given times. */
function apply(state: ClassState, learner: string, n: number, reports: [ClassReport, string][]): void {
  joinLearner(state, learner, digest(n), '2025-03-01T09:00:00Z');
  for (const [r, at] of reports) expect(applyReport(state, learner, r, at)).toBe('applied');
}

describe('class state', () => {
  it('keeps the latest received grade of each step and counts every report', () => {
    const state = emptyClassState();
    apply(state, 'ada', 1, [
      [report('uts-namespace', 'set-hostname', 'fail'), '2025-03-01T10:00:00Z'],
      [report('uts-namespace', 'set-hostname', 'pass'), '2025-03-01T10:05:00Z'],
    ]);
    const ada = state.learners.get('ada')!;
    expect(ada.reports).toBe(2);
    expect(ada.cells.get('uts-namespace/set-hostname')).toMatchObject({ status: 'pass', receivedAt: '2025-03-01T10:05:00Z' });
  });

  it('takes the worst check as the step status', () => {
    const state = emptyClassState();
    apply(state, 'ada', 1, [[{ ...report('uts-namespace', 'look-around', 'pass'), checks: [
      { title: 'a', status: 'pass', message: 'OK' },
      { title: 'b', status: 'error', message: 'could not run' },
      { title: 'c', status: 'fail', message: 'no' },
    ] }, 'now']]);
    expect(state.learners.get('ada')!.cells.get('uts-namespace/look-around')?.status).toBe('error');
  });

  it('binds a name to one secret: the same secret rejoins, another is refused', () => {
    const state = emptyClassState();
    expect(joinLearner(state, 'ada', digest(1), 'now')).toBe('joined');
    expect(joinLearner(state, 'ada', digest(1), 'later')).toBe('rejoined');
    expect(joinLearner(state, 'ada', digest(2), 'later')).toBe('name-taken');
    expect(state.bySecret.get(digest(1))).toBe('ada');
    expect(state.bySecret.has(digest(2))).toBe(false);
  });

  it('bounds how many learners and how much text strangers with the code can add', () => {
    const state = emptyClassState();
    for (let i = 0; i < MAX_LEARNERS; i++) expect(joinLearner(state, `learner ${i}`, digest(i), 'now')).toBe('joined');
    expect(joinLearner(state, 'one too many', digest(MAX_LEARNERS), 'now')).toBe('class-full');

    const one = emptyClassState();
    joinLearner(one, 'ada', digest(1), 'now');
    const big = (i: number): ClassReport => ({ labId: 'lab', stepId: `s-${i}`, checks: Array(20).fill({ title: 't'.repeat(200), status: 'fail', message: 'm'.repeat(400) }) });
    let i = 0;
    while (applyReport(one, 'ada', big(i), 'now') === 'applied') i++;
    expect(one.bytes).toBeLessThanOrEqual(MAX_STATE_BYTES);
    expect(one.learners.get('ada')!.cells.size).toBe(i);
    // Replacing a kept cell by one of the same size still fits.
    expect(applyReport(one, 'ada', big(0), 'later')).toBe('applied');
  });
});

describe('the class log', () => {
  const secrets = { code: 'TEST-CODE', instructorToken: 'x'.repeat(32) };

  it('replays to the state it was appended from, and compacts to the same state', () => {
    const state = emptyClassState();
    apply(state, '__proto__', 1, [[report('uts-namespace', 'look-around', 'pass'), '2025-03-01T10:00:00Z']]);
    apply(state, 'constructor', 2, [
      [report('uts-namespace', 'look-around', 'fail'), '2025-03-01T10:01:00Z'],
      [report('uts-namespace', 'look-around', 'pass'), '2025-03-01T10:02:00Z'],
    ]);
    const appended = [
      compactClassLog(secrets, emptyClassState()),
      joinLine('__proto__', digest(1), '2025-03-01T09:00:00Z'),
      reportLine('__proto__', state.learners.get('__proto__')!.cells.get('uts-namespace/look-around')!),
      joinLine('constructor', digest(2), '2025-03-01T09:00:00Z'),
      reportLine('constructor', { ...state.learners.get('constructor')!.cells.get('uts-namespace/look-around')!, status: 'fail', receivedAt: '2025-03-01T10:01:00Z', checks: report('uts-namespace', 'look-around', 'fail').checks }),
      reportLine('constructor', state.learners.get('constructor')!.cells.get('uts-namespace/look-around')!),
    ].join('');
    const replayed = replayClassLog(appended);
    expect(replayed.secrets).toEqual(secrets);
    expect(replayed.state).toEqual(state);
    const compacted = compactClassLog(secrets, state);
    expect(compacted.split('\n').length).toBeLessThan(appended.split('\n').length);
    expect(replayClassLog(compacted).state).toEqual(state);
  });

  it('leaves out a last line cut short, and refuses anything else unreadable', () => {
    const text = compactClassLog(secrets, emptyClassState()) + joinLine('ada', digest(1), 'now');
    expect(replayClassLog(text + '{"t":"report","lea').state.learners.size).toBe(1);
    expect(() => replayClassLog(`${text}{"t":"nonsense"}\n${joinLine('bob', digest(2), 'now')}`)).toThrow(/line 3/);
    expect(() => replayClassLog(joinLine('ada', digest(1), 'now'))).toThrow(/class line/);
  });
});

describe('classTable', () => {
  const state = emptyClassState();
  joinLearner(state, 'grace', digest(2), '2025-03-01T09:00:00Z');
  apply(state, 'ada', 1, [
    [report('pid-namespace', 'one', 'pass'), '2025-03-01T10:01:00Z'],
    [report('uts-namespace', 'set-hostname', 'fail'), '2025-03-01T10:02:00Z'],
    // A log written before the labs folder changed may name steps and labs the class no longer has.
    [report('uts-namespace', 'not-in-the-lab', 'pass'), '2025-03-01T10:03:00Z'],
  ]);
  applyReport(state, 'grace', report('zz-unknown-lab', 'x', 'pass'), '2025-03-01T10:04:00Z');
  const table = classTable(state, OUTLINES);

  it('shows the reported labs in course order, unknown ones after, with every step of each', () => {
    expect(table.labs.map((l) => l.id)).toEqual(['uts-namespace', 'pid-namespace', 'zz-unknown-lab']);
    expect(table.labs[0]!.steps.map((s) => s.id)).toEqual(['look-around', 'set-hostname', 'not-in-the-lab']);
    expect(table.labs[2]).toEqual({ id: 'zz-unknown-lab', title: 'zz-unknown-lab', steps: [{ id: 'x', title: 'x' }] });
  });

  it('has a row per learner, by name, with the latest cell and what failed', () => {
    expect(table.rows.map((r) => [r.learner, r.reports])).toEqual([['ada', 3], ['grace', 1]]);
    expect(table.rows[0]!.cells['uts-namespace/set-hostname']).toEqual({
      status: 'fail',
      checkedAt: '2025-03-01T10:02:00Z',
      problems: ['set-hostname check: expected x, found y'],
    });
    expect(table.rows[0]!.cells['uts-namespace/look-around']).toBeUndefined();
  });

  it('is empty for an empty class', () => {
    expect(classTable(emptyClassState(), OUTLINES)).toEqual({ labs: [], rows: [] });
  });
});
