// The instructor's table from the class state: learners as rows, the labs
// anyone has reported as column groups, their steps as columns. Pure.
// (Labs the class no longer has keep their ids: a log written before the labs
// folder changed may name them.)
import { cellKey, type ClassTable, type TableCell, type TableLab, type TableRow } from '../shared/classroom';
import type { ClassState, LearnerRecord, StoredCell } from './class-state';

/**
 * `outlines`: the labs the class server knows (titles, step order). A lab shows
 * once someone reported it, with all its steps, so the gaps show too; steps and
 * labs it does not know keep their ids as titles and come after, by id.
 */
export function classTable(state: ClassState, outlines: TableLab[]): ClassTable {
  const rows = [...state.learners].sort(([a], [b]) => a.localeCompare(b)).map(([learner, record]) => tableRow(learner, record));
  return { labs: tableLabs(state, outlines), rows };
}

/** The column groups: every lab someone reported, with all its steps. */
export function tableLabs(state: ClassState, outlines: TableLab[]): TableLab[] {
  const reported = new Map<string, Set<string>>();
  for (const record of state.learners.values()) {
    for (const cell of record.cells.values()) {
      let steps = reported.get(cell.labId);
      if (!steps) reported.set(cell.labId, (steps = new Set()));
      steps.add(cell.stepId);
    }
  }
  const known = new Map(outlines.map((lab) => [lab.id, lab]));
  const labIds = [...outlines.map((l) => l.id).filter((id) => reported.has(id)), ...[...reported.keys()].filter((id) => !known.has(id)).sort()];
  return labIds.map((id) => columnsOf(known.get(id) ?? { id, title: id, steps: [] }, reported.get(id)!));
}

export function tableRow(learner: string, record: LearnerRecord): TableRow {
  return {
    learner,
    joinedAt: record.joinedAt,
    reports: record.reports,
    cells: Object.fromEntries([...record.cells.values()].map((cell) => [cellKey(cell.labId, cell.stepId), tableCell(cell)])),
  };
}

function columnsOf(lab: TableLab, reportedSteps: Set<string>): TableLab {
  const knownSteps = new Set(lab.steps.map((s) => s.id));
  const extra = [...reportedSteps].filter((id) => !knownSteps.has(id)).sort();
  return { id: lab.id, title: lab.title, steps: [...lab.steps, ...extra.map((id) => ({ id, title: id }))] };
}

function tableCell(cell: StoredCell): TableCell {
  return {
    status: cell.status,
    checkedAt: cell.receivedAt,
    problems: cell.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => `${c.title}: ${c.message}`),
  };
}
