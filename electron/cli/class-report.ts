// `nslab grade … --report-to URL --code CODE [--learner NAME]`: a headless
// learner sends each step's grade to the class server, as the app does after
// "Check my work". Reporting never changes the grade or the exit code.
import { ClassroomError, joinClass, type ClassroomClient } from '../classroom/client';
import { stepReport } from '../classroom/step-report';
import type { LabGrade } from '../shared/grade';

export const REPORT_OPTIONS = {
  'report-to': { type: 'string' },
  code: { type: 'string' },
} as const;

export const REPORT_USAGE = '[--report-to URL --code CODE]';

interface ReportValues {
  'report-to'?: string;
  code?: string;
  learner: string;
}

/** What is wrong with the report options, to refuse before grading; undefined when nothing. */
export function reportOptionsProblem(values: ReportValues): string | undefined {
  if ((values['report-to'] === undefined) !== (values.code === undefined)) return '--report-to URL and --code CODE go together: the class URL and its join code';
  return undefined;
}

/** Waits this long for the class server to take every step's report. */
const DELIVERY_TIMEOUT_MS = 20_000;

const warn = (message: string) => process.stderr.write(`nslab grade: ${message}\n`);

/** Joins before grading, so a wrong URL or code shows at once; undefined when not asked, or refused (said on stderr). */
export async function joinClassForReport(values: ReportValues): Promise<ClassroomClient | undefined> {
  if (values['report-to'] === undefined || values.code === undefined) return undefined;
  try {
    return await joinClass(values['report-to'], values.code, values.learner, { onProblem: warn });
  } catch (error) {
    if (!(error instanceof ClassroomError)) throw error;
    warn(`the grade will not be reported to the class: ${error.message}`);
    return undefined;
  }
}

export async function reportGradeToClass(client: ClassroomClient | undefined, grade: LabGrade): Promise<void> {
  if (!client) return;
  const checkedAt = new Date(Date.parse(grade.startedAt) + grade.durationMs);
  for (const step of grade.steps) client.report(stepReport(client.membership.learner, grade.labId, step, checkedAt));
  if (!(await client.flush(DELIVERY_TIMEOUT_MS))) warn(`the class server did not take every report within ${DELIVERY_TIMEOUT_MS / 1000} s`);
  client.dispose();
  process.stderr.write(`reported ${client.stats.sent} of ${grade.steps.length} steps of ${grade.labId} to ${client.membership.url} as ${client.membership.learner}\n`);
}
