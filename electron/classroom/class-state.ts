// What the class server remembers: who joined (each name bound to the digest of
// the secret its join handed out), and each learner's latest grade of each
// step. Pure: the store applies changes here and appends them to its log.
// Learner names are keys chosen by strangers, so they live in Maps (a name such
// as "__proto__" is just a name).
import { cellKey, type ClassReport, type ReportedCheck } from '../shared/classroom';
import { worstStatus } from '../shared/grade';

/** Bounds on what learners holding the join code can make the server keep. */
export const MAX_LEARNERS = 500;
/** The checks' text of every kept cell together; cells are also bounded by the class's steps. */
export const MAX_STATE_BYTES = 16 * 1024 * 1024;

export interface StoredCell {
  labId: string;
  stepId: string;
  status: 'pass' | 'fail' | 'error';
  /** the server's clock when the report arrived: the order of a learner's reports */
  receivedAt: string;
  checks: ReportedCheck[];
}

export interface LearnerRecord {
  /** sha256 of the learner's secret: the file never holds the secret itself */
  secretDigest: string;
  joinedAt: string;
  reports: number;
  /** by cellKey(labId, stepId) */
  cells: Map<string, StoredCell>;
}

export interface ClassState {
  learners: Map<string, LearnerRecord>;
  /** learner name by secret digest */
  bySecret: Map<string, string>;
  /** the size of every kept cell's checks, against MAX_STATE_BYTES */
  bytes: number;
}

export type JoinOutcome = 'joined' | 'rejoined' | 'name-taken' | 'class-full';
export type ReportOutcome = 'applied' | 'state-full';

export function emptyClassState(): ClassState {
  return { learners: new Map(), bySecret: new Map(), bytes: 0 };
}

/** Binds `learner` to `secretDigest`, unless the name is someone else's already or the class is full. */
export function joinLearner(state: ClassState, learner: string, secretDigest: string, at: string): JoinOutcome {
  const existing = state.learners.get(learner);
  if (existing) return existing.secretDigest === secretDigest ? 'rejoined' : 'name-taken';
  if (state.learners.size >= MAX_LEARNERS) return 'class-full';
  state.learners.set(learner, { secretDigest, joinedAt: at, reports: 0, cells: new Map() });
  state.bySecret.set(secretDigest, learner);
  return 'joined';
}

/** The learner `report` came from, a joined one, becomes the step's latest grade; reports arrive in the learner's order. */
export function applyReport(state: ClassState, learner: string, report: ClassReport, receivedAt: string): ReportOutcome {
  const cell: StoredCell = { labId: report.labId, stepId: report.stepId, status: worstStatus(report.checks.map((c) => c.status)), receivedAt, checks: report.checks };
  if (!setCell(state, learner, cell)) return 'state-full';
  state.learners.get(learner)!.reports += 1;
  return 'applied';
}

/** Puts `cell` in `learner`'s row; false (and nothing changed) when the class would hold more than MAX_STATE_BYTES. */
export function setCell(state: ClassState, learner: string, cell: StoredCell): boolean {
  const record = state.learners.get(learner);
  if (!record) throw new Error(`no learner "${learner}" joined this class`);
  const key = cellKey(cell.labId, cell.stepId);
  const previous = record.cells.get(key);
  const bytes = state.bytes + cellBytes(cell) - (previous ? cellBytes(previous) : 0);
  if (bytes > MAX_STATE_BYTES) return false;
  record.cells.set(key, cell);
  state.bytes = bytes;
  return true;
}

function cellBytes(cell: StoredCell): number {
  return cell.checks.reduce((sum, c) => sum + c.title.length + c.message.length + 16, 64);
}
