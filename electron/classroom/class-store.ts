// The class on disk: a log of joins and reports (class-log.ts) behind its join
// code and instructor token, so a restarted server takes the same learners and
// the same instructor page back. Each change is applied in memory and appended
// to the log; it is acknowledged once the append is on disk. Opening replays
// the log and compacts it. The file is mode 0600: it holds the two secrets.
import { readFile, rename } from 'node:fs/promises';
import { AppendLog } from './append-log';
import { applyReport, emptyClassState, joinLearner, type ClassState, type JoinOutcome, type ReportOutcome } from './class-state';
import { compactClassLog, joinLine, replayClassLog, reportLine, type ReplayedClass } from './class-log';
import { newInstructorToken, newJoinCode } from './join-code';
import type { ClassReport } from '../shared/classroom';
import { cellKey } from '../shared/classroom';

export interface OpenOptions {
  /** the join code to use instead of the saved (or a new) one */
  code?: string;
}

export class ClassStore {
  private log!: AppendLog;

  private constructor(
    readonly file: string,
    readonly code: string,
    readonly instructorToken: string,
    readonly state: ClassState,
    /** where an unreadable file was moved before starting afresh */
    readonly setAside: string | undefined,
  ) {}

  /** The class saved in `file`; a missing file starts an empty class, an unreadable one is kept aside (never deleted). */
  static async open(file: string, options: OpenOptions = {}): Promise<ClassStore> {
    let saved: ReplayedClass | undefined;
    let setAside: string | undefined;
    try {
      saved = replayClassLog(await readFile(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        setAside = `${file}.unreadable-${Date.now()}`;
        await rename(file, setAside);
      }
    }
    const store = new ClassStore(
      file,
      options.code ?? saved?.secrets.code ?? newJoinCode(),
      saved?.secrets.instructorToken ?? newInstructorToken(),
      saved?.state ?? emptyClassState(),
      setAside,
    );
    store.log = await AppendLog.open(file, () => compactClassLog({ code: store.code, instructorToken: store.instructorToken }, store.state));
    return store;
  }

  /** The log's size on disk now, in bytes. */
  get bytes(): number {
    return this.log.size;
  }

  /** Binds `learner` to `secretDigest` (see joinLearner); a new binding is on disk when this resolves. */
  async join(learner: string, secretDigest: string, at: string): Promise<JoinOutcome> {
    const outcome = joinLearner(this.state, learner, secretDigest, at);
    if (outcome === 'joined') await this.log.append(joinLine(learner, secretDigest, at));
    return outcome;
  }

  /** Records `report` as `learner`'s latest grade of its step; on disk when this resolves. */
  async report(learner: string, report: ClassReport, receivedAt: string): Promise<ReportOutcome> {
    const outcome = applyReport(this.state, learner, report, receivedAt);
    if (outcome === 'applied') await this.log.append(reportLine(learner, this.state.learners.get(learner)!.cells.get(cellKey(report.labId, report.stepId))!));
    return outcome;
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
