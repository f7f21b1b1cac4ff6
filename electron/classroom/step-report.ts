// A step's grade as the report a learner's app sends: the checks' titles,
// statuses and messages only. Expected/found details and the typing transcript
// stay on the learner's machine; the name and the time are the server's to know. Pure.
import type { ClassReport } from '../shared/classroom';
import type { StepGrade } from '../shared/grade';
import { MAX_CHECK_MESSAGE, MAX_CHECK_TITLE, MAX_CHECKS, showableText } from './report-schema';

export function stepReport(labId: string, grade: StepGrade): ClassReport {
  return {
    labId,
    stepId: grade.stepId,
    checks: grade.checks.slice(0, MAX_CHECKS).map((c) => ({
      title: showableText(c.title, MAX_CHECK_TITLE),
      status: c.status,
      message: showableText(c.message, MAX_CHECK_MESSAGE),
    })),
  };
}
