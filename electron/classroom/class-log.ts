// The class as a log of JSON lines: the class's secrets first, then one line
// per join and per report, appended as they happen. Replaying the lines gives
// the state back; compacting writes the same state as the fewest lines (one
// per learner, one per kept cell). Pure: the file is append-log.ts's.
import { z } from 'zod';
import { applyReport, emptyClassState, joinLearner, setCell, type ClassState, type StoredCell } from './class-state';
import { ClassReportSchema, LearnerNameSchema } from './report-schema';

const ClassEntrySchema = z.strictObject({ t: z.literal('class'), code: z.string().min(1), instructorToken: z.string().min(16) });

const JoinEntrySchema = z.strictObject({
  t: z.literal('join'),
  learner: LearnerNameSchema,
  secretDigest: z.string().regex(/^[0-9a-f]{64}$/),
  joinedAt: z.string(),
  /** reports received before the log was compacted */
  reports: z.number().int().nonnegative(),
});

const cellFields = {
  learner: LearnerNameSchema,
  labId: ClassReportSchema.shape.labId,
  stepId: ClassReportSchema.shape.stepId,
  status: z.enum(['pass', 'fail', 'error']),
  receivedAt: z.string(),
  checks: ClassReportSchema.shape.checks,
};
/** A report as it arrived: it counts as one. */
const ReportEntrySchema = z.strictObject({ t: z.literal('report'), ...cellFields });
/** A kept cell written by compaction: its report is already counted in the join line. */
const CellEntrySchema = z.strictObject({ t: z.literal('cell'), ...cellFields });

const EntrySchema = z.discriminatedUnion('t', [JoinEntrySchema, ReportEntrySchema, CellEntrySchema]);

export interface ClassSecrets {
  code: string;
  instructorToken: string;
}

export interface ReplayedClass {
  secrets: ClassSecrets;
  state: ClassState;
}

export class ClassLogError extends Error {}

/**
 * The class `text` holds. A last line cut short (the server stopped mid-append,
 * before it acknowledged that line) is left out; anything else unreadable throws.
 */
export function replayClassLog(text: string): ReplayedClass {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const first = ClassEntrySchema.safeParse(parseLine(lines[0] ?? ''));
  if (!first.success) throw new ClassLogError('the first line is not the class line');
  const state = emptyClassState();
  lines.slice(1).forEach((line, i) => {
    const entry = EntrySchema.safeParse(parseLine(line));
    if (!entry.success) {
      if (i === lines.length - 2) return;
      throw new ClassLogError(`line ${i + 2}: ${entry.error.issues[0]!.message}`);
    }
    replayEntry(state, entry.data, i + 2);
  });
  return { secrets: { code: first.data.code, instructorToken: first.data.instructorToken }, state };
}

function replayEntry(state: ClassState, entry: z.infer<typeof EntrySchema>, line: number): void {
  if (entry.t === 'join') {
    if (joinLearner(state, entry.learner, entry.secretDigest, entry.joinedAt) !== 'joined') throw new ClassLogError(`line ${line}: ${entry.learner} joined twice`);
    state.learners.get(entry.learner)!.reports = entry.reports;
    return;
  }
  if (!state.learners.has(entry.learner)) throw new ClassLogError(`line ${line}: a report of ${entry.learner}, who never joined`);
  const { t, learner, ...cell } = entry;
  if (t === 'report') applyReport(state, learner, cell, cell.receivedAt);
  else setCell(state, learner, cell);
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

export function classLine(secrets: ClassSecrets): string {
  return line({ t: 'class', ...secrets });
}

export function joinLine(learner: string, secretDigest: string, joinedAt: string): string {
  return line({ t: 'join', learner, secretDigest, joinedAt, reports: 0 });
}

export function reportLine(learner: string, cell: StoredCell): string {
  return line({ t: 'report', learner, ...cell });
}

/** The whole class in the fewest lines: what a compacted log holds. */
export function compactClassLog(secrets: ClassSecrets, state: ClassState): string {
  const lines = [classLine(secrets)];
  for (const [learner, record] of state.learners) {
    lines.push(line({ t: 'join', learner, secretDigest: record.secretDigest, joinedAt: record.joinedAt, reports: record.reports }));
    for (const cell of record.cells.values()) lines.push(line({ t: 'cell', learner, ...cell }));
  }
  return lines.join('');
}

function line(entry: object): string {
  return `${JSON.stringify(entry)}\n`;
}
