// The class state and the instructor's table built from it: pure, so stepped through here.
import { describe, expect, it } from 'vitest';
import { applyReport, emptyClassState, joinLearner, MAX_CELLS_PER_LEARNER, MAX_LEARNERS, restoreClassState, saveClassState } from '../../electron/classroom/class-state';
import { classTable } from '../../electron/classroom/table';
import type { ClassReport, TableLab } from '../../electron/shared/classroom';

const OUTLINES: TableLab[] = [
  { id: 'uts-namespace', title: 'UTS namespace', steps: [{ id: 'look-around', title: 'Look around' }, { id: 'set-hostname', title: 'Set a hostname' }] },
  { id: 'pid-namespace', title: 'PID namespace', steps: [{ id: 'one', title: 'One' }] },
  { id: 'mnt-namespace', title: 'Mount namespace', steps: [{ id: 'a', title: 'A' }] },
];

function report(learner: string, labId: string, stepId: string, status: 'pass' | 'fail' | 'error', checkedAt: string): ClassReport {
  return { learner, labId, stepId, checks: [{ title: `${stepId} check`, status, message: status === 'pass' ? 'OK' : 'expected x, found y' }], checkedAt };
}

describe('class state', () => {
  it('keeps the latest grade of each step and counts every report', () => {
    const state = emptyClassState();
    expect(applyReport(state, report('ada', 'uts-namespace', 'set-hostname', 'fail', '2025-03-01T10:00:00Z'), 'now')).toBe('applied');
    expect(applyReport(state, report('ada', 'uts-namespace', 'set-hostname', 'pass', '2025-03-01T10:05:00Z'), 'now')).toBe('applied');
    // A retry of the first report arriving late does not undo the pass.
    expect(applyReport(state, report('ada', 'uts-namespace', 'set-hostname', 'fail', '2025-03-01T10:00:00Z'), 'now')).toBe('stale');
    const ada = state.learners.get('ada')!;
    expect(ada.reports).toBe(3);
    expect(ada.cells.get('uts-namespace/set-hostname')?.status).toBe('pass');
  });

  it('takes the worst check as the step status', () => {
    const state = emptyClassState();
    applyReport(state, { ...report('ada', 'uts-namespace', 'look-around', 'pass', '2025-03-01T10:00:00Z'), checks: [
      { title: 'a', status: 'pass', message: 'OK' },
      { title: 'b', status: 'error', message: 'could not run' },
      { title: 'c', status: 'fail', message: 'no' },
    ] }, 'now');
    expect(state.learners.get('ada')!.cells.get('uts-namespace/look-around')?.status).toBe('error');
  });

  it('bounds how many learners and steps strangers with the code can add', () => {
    const state = emptyClassState();
    for (let i = 0; i < MAX_LEARNERS; i++) expect(joinLearner(state, `learner ${i}`, 'now')).toBe('joined');
    expect(joinLearner(state, 'one too many', 'now')).toBe('class-full');
    expect(joinLearner(state, 'learner 7', 'later')).toBe('rejoined');
    expect(applyReport(state, report('one too many', 'uts-namespace', 'a', 'pass', '2025-03-01T10:00:00Z'), 'now')).toBe('class-full');

    const one = emptyClassState();
    for (let i = 0; i < MAX_CELLS_PER_LEARNER; i++) applyReport(one, report('ada', 'lab', `s-${i}`, 'pass', '2025-03-01T10:00:00Z'), 'now');
    expect(applyReport(one, report('ada', 'lab', 'one-more', 'pass', '2025-03-01T10:00:00Z'), 'now')).toBe('too-many-steps');
    expect(applyReport(one, report('ada', 'lab', 's-1', 'fail', '2025-03-01T11:00:00Z'), 'now')).toBe('applied');
  });

  it('saves and restores through JSON, names like "__proto__" included', () => {
    const state = emptyClassState();
    applyReport(state, report('__proto__', 'uts-namespace', 'look-around', 'pass', '2025-03-01T10:00:00Z'), '2025-03-01T09:59:00Z');
    joinLearner(state, 'constructor', '2025-03-01T09:58:00Z');
    const restored = restoreClassState(JSON.parse(JSON.stringify(saveClassState(state))));
    expect(restored).toEqual(state);
    expect(() => restoreClassState({ learners: [{ name: 'x' }] })).toThrow();
  });
});

describe('classTable', () => {
  const state = emptyClassState();
  joinLearner(state, 'grace', '2025-03-01T09:00:00Z');
  applyReport(state, report('ada', 'pid-namespace', 'one', 'pass', '2025-03-01T10:01:00Z'), '2025-03-01T09:01:00Z');
  applyReport(state, report('ada', 'uts-namespace', 'set-hostname', 'fail', '2025-03-01T10:02:00Z'), '2025-03-01T09:01:00Z');
  applyReport(state, report('ada', 'uts-namespace', 'not-in-the-lab', 'pass', '2025-03-01T10:03:00Z'), '2025-03-01T09:01:00Z');
  applyReport(state, report('grace', 'zz-unknown-lab', 'x', 'pass', '2025-03-01T10:04:00Z'), '2025-03-01T09:01:00Z');
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
