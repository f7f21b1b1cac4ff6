// `nslab grade … --report-to URL --code CODE [--fingerprint SHA256] [--learner NAME]`:
// a headless learner sends each step's grade to the class server, as the app
// does after "Check my work". The secret the class hands out is kept in
// nslab's folder, so the next grade joins as the same learner. Reporting never
// changes the grade or the exit code.
import { ClassroomError, joinClass, type ClassroomClient } from '../classroom/client';
import { learnerSecrets } from '../classroom/learner-secrets';
import { stepReport } from '../classroom/step-report';
import type { LabGrade } from '../shared/grade';

export const REPORT_OPTIONS = {
  'report-to': { type: 'string' },
  code: { type: 'string' },
  fingerprint: { type: 'string' },
} as const;

export const REPORT_USAGE = '[--report-to URL --code CODE [--fingerprint SHA256]]';

interface ReportValues {
  'report-to'?: string;
  code?: string;
  fingerprint?: string;
  learner: string;
}


/** What is wrong with the report options, to refuse before grading; undefined when nothing. */
export function reportOptionsProblem(values: ReportValues): string | undefined {
  if ((values['report-to'] === undefined) !== (values.code === undefined)) return '--report-to URL and --code CODE go together: the class URL and its join code';
  if (values.fingerprint !== undefined && values['report-to'] === undefined) return '--fingerprint pins the certificate of the class in --report-to';
  return undefined;
}

/** Waits this long for the class server to take every step's report. */
const DELIVERY_TIMEOUT_MS = 20_000;

const warn = (message: string) => process.stderr.write(`nslab grade: ${message}\n`);

/** Joins before grading, so a wrong URL or code shows at once; undefined when not asked, or refused (said on stderr). */
export async function joinClassForReport(values: ReportValues): Promise<ClassroomClient | undefined> {
  if (values['report-to'] === undefined || values.code === undefined) return undefined;
  try {
    return await joinClass(values['report-to'], values.code, values.learner, {
      onProblem: warn,
      secrets: learnerSecrets(),
      ...(values.fingerprint ? { fingerprint: values.fingerprint } : {}),
    });
  } catch (error) {
    if (!(error instanceof ClassroomError)) throw error;
    warn(`the grade will not be reported to the class: ${error.message}`);
    return undefined;
  }
}

export async function reportGradeToClass(client: ClassroomClient | undefined, grade: LabGrade): Promise<void> {
  if (!client) return;
  for (const step of grade.steps) client.report(stepReport(grade.labId, step));
  if (!(await client.flush(DELIVERY_TIMEOUT_MS))) warn(`the class server did not take every report within ${DELIVERY_TIMEOUT_MS / 1000} s`);
  client.dispose();
  process.stderr.write(`reported ${client.stats.sent} of ${grade.steps.length} steps of ${grade.labId} to ${client.membership.url} as ${client.membership.learner}\n`);
}
