// `nslab grade <lab>`: sets up the lab box (or attaches to a live one), types
// the reference solution or the submission, evaluates every step's checks,
// prints the grade; with --report-to, sends each step's grade to a class server.
// `nslab grade <submissions-dir>` grades a folder of them: grade-submissions.ts.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../engine/atomic-write';
import type { GradeInput } from '../engine/grader';
import { junitReport } from '../engine/report/junit';
import { textReport } from '../engine/report/text';
import { parseSubmission, SubmissionError } from '../engine/submission';
import { loadLab } from '../labs/loader';
import { LabLoadError } from '../labs/problems';
import type { LabGrade } from '../shared/grade';
import type { Lab } from '../shared/lab';
import { joinClassForReport, REPORT_OPTIONS, REPORT_USAGE, reportGradeToClass, reportOptionsProblem } from './class-report';
import { CLUSTER_OPTIONS, CLUSTER_USAGE } from './cluster-options';
import { UsageError, type CliCommand } from './command';
import { EXIT_ERROR, EXIT_FAIL, EXIT_PASS } from './exit-codes';
import { gradeSubmissionsDir, isSubmissionsDir } from './grade-submissions';
import { emit, FORMATS, useColour, type Format } from './output';
import { runGrade } from './run-grade';
import { packMayRun, TRUST_PACK_OPTION, TRUST_PACK_USAGE } from './pack-trust';

export async function gradeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      solve: { type: 'boolean', default: false },
      submission: { type: 'string' },
      attach: { type: 'string' },
      format: { type: 'string', default: 'text' },
      output: { type: 'string', short: 'o' },
      junit: { type: 'string' },
      keep: { type: 'boolean', default: false },
      settle: { type: 'string' },
      'command-timeout': { type: 'string' },
      labs: { type: 'string', default: 'labs' },
      jobs: { type: 'string', default: '1' },
      'trust-submissions': { type: 'boolean', default: false },
      ...TRUST_PACK_OPTION,
      ...CLUSTER_OPTIONS,
      ...REPORT_OPTIONS,
    },
  });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format takes ${FORMATS.join(', ')}; found "${values.format}"`);
  const labDir = positionals[0];
  if (!labDir) throw new UsageError('which lab? e.g. `nslab grade labs/uts-namespace --solve`');
  if (await isSubmissionsDir(labDir)) return gradeSubmissionsDir(labDir, { ...values, format });
  const chosen = [values.solve, values.submission !== undefined, values.attach !== undefined].filter(Boolean).length;
  if (chosen === 0) {
    throw new UsageError('say what to grade: --solve (the reference solution), --submission FILE, or --attach SESSION');
  }
  if (values.solve && values.submission !== undefined) throw new UsageError('--solve and --submission exclude each other');
  const reportProblem = reportOptionsProblem(values);
  if (reportProblem) throw new UsageError(reportProblem);
  const classroom = await joinClassForReport(values);

  let lab: Lab;
  try {
    lab = await loadLab(labDir);
  } catch (error) {
    if (error instanceof LabLoadError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_ERROR;
    }
    throw error;
  }
  if (!(await packMayRun(labDir, values['trust-pack'], `nslab grade ${args.join(' ')}`))) return EXIT_ERROR;

  let input: GradeInput;
  if (values.submission !== undefined) {
    let text: string;
    try {
      text = await readFile(values.submission, 'utf8');
    } catch {
      process.stderr.write(`cannot read the submission ${values.submission}\n`);
      return EXIT_ERROR;
    }
    try {
      input = { mode: 'submission', submission: parseSubmission(text, lab, values.submission) };
    } catch (error) {
      if (!(error instanceof SubmissionError)) throw error;
      process.stderr.write(`${error.message}\n`);
      return EXIT_ERROR;
    }
  } else {
    input = values.solve ? { mode: 'solve' } : { mode: 'attach' };
  }

  const grade = await runGrade(lab, input, {
    attach: values.attach,
    keep: values.keep,
    settleMs: values.settle === undefined ? undefined : Number(values.settle),
    typingTimeoutMs: commandTimeoutMs(values['command-timeout']),
    kubeconfig: values.kubeconfig,
    context: values.context,
    learner: values.learner,
  });
  await emit(render(grade, format), values.output);
  // People read the text on screen while CI keeps the JUnit file: one run, both.
  if (values.junit !== undefined) await writeFileAtomic(values.junit, junitReport([grade]));
  await reportGradeToClass(classroom, grade);
  return grade.status === 'pass' ? EXIT_PASS : grade.status === 'fail' ? EXIT_FAIL : EXIT_ERROR;
}

function render(grade: LabGrade, format: Format): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(grade, null, 2)}\n`;
    case 'junit':
      return junitReport([grade]);
    case 'text':
      return textReport(grade, { colour: useColour() });
  }
}

export const grade: CliCommand = {
  name: 'grade',
  usage: `  nslab grade <lab-dir> --solve | --submission FILE | --attach SESSION
              [--format text|json|junit] [--output FILE] [--junit FILE] [--keep]
              [--command-timeout SECONDS]
              ${CLUSTER_USAGE}
              ${REPORT_USAGE}
      grade a lab against a real environment; exit 0 pass, 1 fail, 2 error;
      with --report-to, send each step's grade to a class server as --learner;
      --command-timeout: how long a step's commands may run (default 60 s; more
      on a slow cluster, e.g. a node under emulation)
  nslab grade <submissions-dir> [--labs DIR] [--jobs N] [--format text|json|junit]
              [--output FILE] [--junit FILE] [--trust-submissions] [--trust-pack]
              [cluster options as above]
      grade a folder of submissions, one <lab-id>.sh per lab (labs from --labs,
      default labs), into one report; exit 0 only when every lab passes. They are
      untrusted: kernel labs are graded on the nslab guest VM (booted when QEMU is
      here), unless --trust-submissions lets this engine run them.
      A lab or --labs folder that did not ship with nslab is refused until trusted:
      ${TRUST_PACK_USAGE}
`,
  run: gradeCommand,
};

/** --command-timeout SECONDS: how long a step's typed commands may run; a slow cluster (an emulated node) needs more than 60 s. */
function commandTimeoutMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--command-timeout takes seconds above 0, not "${value}"`);
  return seconds * 1000;
}
