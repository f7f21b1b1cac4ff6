// What a classroom exchanges: a learner's app sends grade reports (never
// terminal contents) to the instructor's class server, whose page shows the
// table below. Shared by the class server, the learner's client and the
// renderer's instructor page.
import type { CheckStatus } from './grade';

/** One check of a step as the instructor sees it: no expected/found detail, no output. */
export interface ReportedCheck {
  title: string;
  status: CheckStatus;
  message: string;
}

/**
 * One "Check my work" of one step. Exactly these fields, nothing else: who sent
 * it is the learner the request's secret belongs to, and when is the server's
 * clock (a learner's clock could say 9999 and pin the cell).
 */
export interface ClassReport {
  labId: string;
  stepId: string;
  checks: ReportedCheck[];
}

/** The learner's app, once joined. */
export interface ClassMembership {
  url: string;
  learner: string;
}

export interface TableStep {
  id: string;
  title: string;
}

export interface TableLab {
  id: string;
  title: string;
  steps: TableStep[];
}

/** The latest grade of one step by one learner. */
export interface TableCell {
  status: 'pass' | 'fail' | 'error';
  /** when the class server received it (ISO 8601) */
  checkedAt: string;
  /** "title: message" of each check that did not pass */
  problems: string[];
}

export interface TableRow {
  learner: string;
  joinedAt: string;
  /** reports received from this learner, all steps together */
  reports: number;
  /** by `cellKey(labId, stepId)`; absent: never checked */
  cells: Record<string, TableCell>;
}

/** Learners × labs × steps: the instructor's view and the CSV's source. */
export interface ClassTable {
  labs: TableLab[];
  rows: TableRow[];
}

/** What the instructor page shows above the table: how learners join. */
export interface ClassJoinInfo {
  urls: string[];
  code: string;
}

export interface InstructorSnapshot {
  join: ClassJoinInfo;
  table: ClassTable;
}

/**
 * What the instructor feed sends after its first snapshot: the rows that
 * changed (whole rows: a row is one learner's steps, small) and the columns
 * when they changed.
 */
export interface TableChange {
  labs?: TableLab[];
  rows: TableRow[];
}

export function cellKey(labId: string, stepId: string): string {
  return `${labId}/${stepId}`;
}
