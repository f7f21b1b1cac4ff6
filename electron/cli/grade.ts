// `nslab grade <lab> --solve | --submission FILE | --attach SESSION`
//   [--format text|json|junit] [--output FILE] [--junit FILE] [--keep]
// Sets up the lab box (or attaches to a live one), types the reference solution
// or the submission, evaluates every step's checks, prints the grade.
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { boxSpecFor, LabBox } from '../env/docker/box';
import { connectDocker } from '../env/docker/engine';
import { EnvironmentError } from '../env/errors';
import { gradeLab, type GradeInput } from '../engine/grader';
import { junitReport } from '../engine/report/junit';
import { textReport } from '../engine/report/text';
import { parseSubmission, SubmissionError } from '../engine/submission';
import { loadLab } from '../labs/loader';
import { LabLoadError } from '../labs/problems';
import type { LabGrade } from '../shared/grade';
import type { Lab } from '../shared/lab';
import { EXIT_ERROR, EXIT_FAIL, EXIT_PASS } from './exit-codes';
import { emit, endProgress, progress, useColour } from './output';

const FORMATS = ['text', 'json', 'junit'] as const;
type Format = (typeof FORMATS)[number];

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
    },
  });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format takes ${FORMATS.join(', ')}; found "${values.format}"`);
  const labDir = positionals[0];
  if (!labDir) throw new UsageError('which lab? e.g. `nslab grade labs/uts-namespace --solve`');
  const chosen = [values.solve, values.submission !== undefined, values.attach !== undefined].filter(Boolean).length;
  if (chosen === 0) {
    throw new UsageError('say what to grade: --solve (the reference solution), --submission FILE, or --attach SESSION');
  }
  if (values.solve && values.submission !== undefined) throw new UsageError('--solve and --submission exclude each other');

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
  });
  await emit(render(grade, format), values.output);
  // People read the text on screen while CI keeps the JUnit file: one run, both.
  if (values.junit !== undefined) await writeFile(values.junit, junitReport([grade]));
  return grade.status === 'pass' ? EXIT_PASS : grade.status === 'fail' ? EXIT_FAIL : EXIT_ERROR;
}

interface RunOptions {
  attach?: string;
  keep: boolean;
  settleMs?: number;
}

async function runGrade(lab: Lab, input: GradeInput, options: RunOptions): Promise<LabGrade> {
  const startedAt = new Date();
  let box: LabBox | undefined;
  const disposeOnSignal = () => {
    void (box && !options.attach && !options.keep ? box.dispose() : Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', disposeOnSignal);
  process.once('SIGTERM', disposeOnSignal);
  try {
    progress(`preparing ${lab.id}…`);
    const docker = await connectDocker();
    box = options.attach
      ? await LabBox.attach(docker, options.attach)
      : await LabBox.create(docker, boxSpecFor(lab));
    return await gradeLab(lab, box, input, {
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
    if (box && !options.attach) {
      if (options.keep) process.stderr.write(`kept the lab box: session ${box.sessionId} (nslab grade … --attach ${box.sessionId})\n`);
      else await box.dispose();
    }
  }
}

function environmentFailure(lab: Lab, input: GradeInput, error: EnvironmentError, startedAt: Date): LabGrade {
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
