// `nslab grade <lab> --solve | --submission FILE | --attach SESSION`
//   [--format text|json|junit] [--output FILE] [--junit FILE] [--keep]
//   [--kubeconfig FILE] [--context NAME] [--learner NAME]   (Kubernetes labs)
//   [--report-to URL --code CODE]   (send each step's grade to a class server)
// Sets up the lab box (or attaches to a live one), types the reference solution
// or the submission, evaluates every step's checks, prints the grade.
// `nslab grade <submissions-dir>` grades a folder of them: grade-submissions.ts.
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../engine/atomic-write';
import { parseArgs } from 'node:util';
import { boxSpecFor, LabBox } from '../env/docker/box';
import { connectDocker } from '../env/docker/engine';
import { EnvironmentError } from '../env/errors';
import { KubeEnvironment } from '../env/kube/kube-environment';
import { CLUSTER_OPTIONS, clusterTarget } from './cluster-options';
import { existingNslabKindCluster } from '../env/kind/kind-cluster';
import { joinClassForReport, REPORT_OPTIONS, reportGradeToClass, reportOptionsProblem } from './class-report';
import type { LabEnvironment } from '../engine/environment';
import { gradeLab, type GradeInput } from '../engine/grader';
import { junitReport } from '../engine/report/junit';
import { textReport } from '../engine/report/text';
import { parseSubmission, SubmissionError } from '../engine/submission';
import { loadLab } from '../labs/loader';
import { LabLoadError } from '../labs/problems';
import type { LabGrade } from '../shared/grade';
import type { Lab } from '../shared/lab';
import { EXIT_ERROR, EXIT_FAIL, EXIT_PASS } from './exit-codes';
import { gradeSubmissionsDir, isSubmissionsDir } from './grade-submissions';
import { emit, endProgress, progress, useColour } from './output';

const FORMATS = ['text', 'json', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export class UsageError extends Error {}

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
      labs: { type: 'string', default: 'labs' },
      jobs: { type: 'string', default: '1' },
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

export interface RunOptions {
  attach?: string;
  keep: boolean;
  settleMs?: number;
  kubeconfig?: string;
  context?: string;
  learner: string;
}

/** The lab's environment, and how to let it go when grading is over. */
interface Prepared {
  env: LabEnvironment;
  release(): Promise<void>;
  /** said instead of releasing, with --keep */
  keptMessage?: string;
}

async function prepare(lab: Lab, options: RunOptions): Promise<Prepared> {
  if (lab.environment.kind === 'kube') {
    // No cluster named: the kind cluster nslab, or a clear word on what is missing.
    const target = clusterTarget(options) ?? (await existingNslabKindCluster()).kubeTarget(options.learner);
    const env = await KubeEnvironment.create(target);
    // A fresh start: what this learner left from an earlier run would change the grade.
    if (!options.attach) await env.reset();
    return { env, release: () => env.dispose(), keptMessage: `kept namespace ${env.namespace}` };
  }
  const docker = await connectDocker();
  if (options.attach) {
    const box = await LabBox.attach(docker, options.attach);
    return { env: box, release: async () => undefined };
  }
  const box = await LabBox.create(docker, boxSpecFor(lab));
  return { env: box, release: () => box.dispose(), keptMessage: `kept the lab box: session ${box.sessionId} (nslab grade … --attach ${box.sessionId})` };
}

export async function runGrade(lab: Lab, input: GradeInput, options: RunOptions): Promise<LabGrade> {
  const startedAt = new Date();
  let prepared: Prepared | undefined;
  const disposeOnSignal = () => {
    void (prepared && !options.attach && !options.keep ? prepared.release() : Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', disposeOnSignal);
  process.once('SIGTERM', disposeOnSignal);
  try {
    progress(`preparing ${lab.id}…`);
    prepared = await prepare(lab, options);
    return await gradeLab(lab, prepared.env, input, {
      settleMs: options.settleMs,
      onEvent: (event) => {
        if (event.type === 'step') progress(`[${event.index + 1}/${event.total}] ${event.title}`);
      },
    });
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    return environmentFailure(lab, input, error, startedAt);
  } finally {
    endProgress();
    process.off('SIGINT', disposeOnSignal);
    process.off('SIGTERM', disposeOnSignal);
    if (prepared && !options.attach) {
      if (options.keep && prepared.keptMessage) process.stderr.write(`${prepared.keptMessage}\n`);
      else await prepared.release();
    }
  }
}

export function environmentFailure(lab: Pick<Lab, 'id' | 'title'>, input: Pick<GradeInput, 'mode'>, error: EnvironmentError, startedAt: Date): LabGrade {
  return {
    labId: lab.id,
    title: lab.title,
    status: 'error',
    mode: input.mode,
    environment: 'none',
    steps: [],
    error: `${error.message} ${error.fix}`,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
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
