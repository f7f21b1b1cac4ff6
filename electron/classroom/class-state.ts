// What the class server remembers: who joined, and each learner's latest grade
// of each step. Pure: the server applies reports here and persists the result.
// Learner names are keys chosen by strangers, so they live in Maps (a name such
// as "__proto__" is just a name) and are stored as lists.
import { z } from 'zod';
import { cellKey, type ClassReport, type ReportedCheck } from '../shared/classroom';
import { worstStatus } from '../shared/grade';
import { ClassReportSchema, LearnerNameSchema } from './report-schema';

/** Bounds on what learners holding the join code can make the server keep. */
export const MAX_LEARNERS = 500;
export const MAX_CELLS_PER_LEARNER = 500;

export interface StoredCell {
  labId: string;
  stepId: string;
  status: 'pass' | 'fail' | 'error';
  checkedAt: string;
  checks: ReportedCheck[];
}

export interface LearnerRecord {
  joinedAt: string;
  reports: number;
  /** by cellKey(labId, stepId) */
  cells: Map<string, StoredCell>;
}

export interface ClassState {
  learners: Map<string, LearnerRecord>;
}

export type JoinOutcome = 'joined' | 'rejoined' | 'class-full';
/** 'stale': counted, but an earlier-graded report than the one the table already has */
export type ReportOutcome = 'applied' | 'stale' | 'class-full' | 'too-many-steps';

export function emptyClassState(): ClassState {
  return { learners: new Map() };
}

export function joinLearner(state: ClassState, learner: string, at: string): JoinOutcome {
  if (state.learners.has(learner)) return 'rejoined';
  if (state.learners.size >= MAX_LEARNERS) return 'class-full';
  state.learners.set(learner, { joinedAt: at, reports: 0, cells: new Map() });
  return 'joined';
}

/** Records `report` as its learner's latest grade of its step, unless a later-graded one is already there. */
export function applyReport(state: ClassState, report: ClassReport, receivedAt: string): ReportOutcome {
  if (joinLearner(state, report.learner, receivedAt) === 'class-full') return 'class-full';
  const record = state.learners.get(report.learner)!;
  const key = cellKey(report.labId, report.stepId);
  const current = record.cells.get(key);
  if (!current && record.cells.size >= MAX_CELLS_PER_LEARNER) return 'too-many-steps';
  record.reports += 1;
  // Retries arrive late: an older grade never replaces a newer one.
  if (current && Date.parse(current.checkedAt) > Date.parse(report.checkedAt)) return 'stale';
  record.cells.set(key, {
    labId: report.labId,
    stepId: report.stepId,
    status: worstStatus(report.checks.map((c) => c.status)),
    checkedAt: report.checkedAt,
    checks: report.checks,
  });
  return 'applied';
}

const StoredCellSchema = z.object({
  labId: ClassReportSchema.shape.labId,
  stepId: ClassReportSchema.shape.stepId,
  status: z.enum(['pass', 'fail', 'error']),
  checkedAt: z.string(),
  checks: ClassReportSchema.shape.checks,
});

const SavedStateSchema = z.object({
  learners: z.array(
    z.object({
      name: LearnerNameSchema,
      joinedAt: z.string(),
      reports: z.number().int().nonnegative(),
      cells: z.array(StoredCellSchema),
    }),
  ),
});

export type SavedState = z.infer<typeof SavedStateSchema>;

export function saveClassState(state: ClassState): SavedState {
  return {
    learners: [...state.learners].map(([name, r]) => ({ name, joinedAt: r.joinedAt, reports: r.reports, cells: [...r.cells.values()] })),
  };
}

/** The state a saved file holds; throws (zod) when it is not one. */
export function restoreClassState(saved: unknown): ClassState {
  const parsed = SavedStateSchema.parse(saved);
  return {
    learners: new Map(
      parsed.learners.map((l) => [
        l.name,
        { joinedAt: l.joinedAt, reports: l.reports, cells: new Map(l.cells.map((c) => [cellKey(c.labId, c.stepId), c])) },
      ]),
    ),
  };
}
