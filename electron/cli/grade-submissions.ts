// `nslab grade <submissions-dir> [--labs DIR] [--jobs N]`: course CI. The folder
// holds one script per lab, named <lab-id>.sh; each is graded as
// `nslab grade <labs>/<lab-id> --submission <file>` would, and all of them go
// into one report (one JUnit <testsuite> per lab). A script that names no lab,
// or cannot be read, is an error grade in that report, never a silent skip.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { writeFileAtomic } from '../engine/atomic-write';
import { basename, dirname, join } from 'node:path';
import { junitReport } from '../engine/report/junit';
import { textReport } from '../engine/report/text';
import { parseSubmission, SubmissionError } from '../engine/submission';
import { EnvironmentError } from '../env/errors';
import { closest } from '../labs/closest';
import { readLabFile } from '../labs/lab-files';
import { findLabDirs, LAB_FILE, loadLab } from '../labs/loader';
import { LabLoadError } from '../labs/problems';
import type { LabGrade } from '../shared/grade';
import { EXIT_ERROR, EXIT_FAIL, EXIT_PASS } from './exit-codes';
import { UsageError } from './command';
import { emit, useColour, type Format } from './output';
import { submissionsEngine } from './submissions-engine';
import { packMayRun } from './pack-trust';
import { environmentFailure, runGrade, type RunOptions } from './run-grade';

export const SUBMISSION_SUFFIX = '.sh';
/** What a learner types in a lab is a few KiB; a pushed file of gigabytes must not take the grader down with it. */
export const MAX_SUBMISSION_BYTES = 1024 * 1024;

/** What `nslab grade` parsed, as far as a folder of submissions uses it. */
export interface SubmissionsDirValues {
  format: Format;
  labs: string;
  jobs: string;
  solve: boolean;
  submission?: string;
  attach?: string;
  keep: boolean;
  output?: string;
  junit?: string;
  settle?: string;
  kubeconfig?: string;
  context?: string;
  learner: string;
  'report-to'?: string;
  'trust-submissions': boolean;
  'trust-pack': boolean;
}

/** A folder that is not a lab folder is a folder of submissions. */
export async function isSubmissionsDir(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => undefined);
  return Boolean(info?.isDirectory()) && !existsSync(join(path, LAB_FILE));
}

export async function gradeSubmissionsDir(dir: string, values: SubmissionsDirValues): Promise<number> {
  if (values.solve || values.submission !== undefined || values.attach !== undefined || values.keep) {
    throw new UsageError(`${dir} is a folder of submissions, each graded as --submission: leave out --solve, --submission, --attach and --keep`);
  }
  if (values['report-to'] !== undefined) {
    throw new UsageError('--report-to sends one learner\'s lab to a class; a folder of submissions reports through --junit');
  }
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 8) throw new UsageError(`--jobs takes a whole number from 1 to 8; found "${values.jobs}"`);

  const files = await submissionFiles(dir);
  if (files.length === 0) {
    process.stderr.write(`no submissions in ${dir}: a submission is <lab-id>${SUBMISSION_SUFFIX}, e.g. uts-namespace${SUBMISSION_SUFFIX}\n`);
    return EXIT_ERROR;
  }
  const labIds = (await findLabDirs(values.labs).catch(() => [])).map((d) => basename(d));
  // Only a submission of a lab that exists runs anything: then choose where (maybe booting the guest).
  if (files.some((file) => labIds.includes(basename(file, SUBMISSION_SUFFIX)))) {
    if (!(await packMayRun(values.labs, values['trust-pack'], `nslab grade ${dir} --labs ${values.labs}`))) return EXIT_ERROR;
    const engine = await submissionsEngine(values['trust-submissions'], (line) => process.stderr.write(`${line}\n`));
    // The boxes connect to DOCKER_HOST: from here on, every one is on that engine.
    if (engine.dockerHost) process.env.DOCKER_HOST = engine.dockerHost;
    process.stderr.write(`grading kernel labs on ${engine.description}\n`);
  }
  const options: RunOptions = {
    keep: false,
    settleMs: values.settle === undefined ? undefined : Number(values.settle),
    kubeconfig: values.kubeconfig,
    context: values.context,
    learner: values.learner,
  };

  const grades = await mapBounded(files, jobs, async (file) => {
    const labId = basename(file, SUBMISSION_SUFFIX);
    process.stderr.write(`grading ${labId} (${basename(file)})\n`);
    const grade = await gradeOne(file, labId, labIds, values.labs, options);
    process.stderr.write(`${labId}: ${grade.status} (${(grade.durationMs / 1000).toFixed(1)} s)\n`);
    return grade;
  });

  await emit(renderGrades(grades, values.format), values.output);
  if (values.junit !== undefined) await writeFileAtomic(values.junit, junitReport(grades));
  if (grades.some((g) => g.status === 'error')) return EXIT_ERROR;
  return grades.every((g) => g.status === 'pass') ? EXIT_PASS : EXIT_FAIL;
}

/** The folder's <lab-id>.sh files, sorted; anything else is named and left alone. */
async function submissionFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile() || !e.name.endsWith(SUBMISSION_SUFFIX)) {
      process.stderr.write(`ignoring ${join(dir, e.name)}: a submission is a file <lab-id>${SUBMISSION_SUFFIX}\n`);
    }
  }
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(SUBMISSION_SUFFIX))
    .map((e) => join(dir, e.name))
    .sort();
}

async function gradeOne(file: string, labId: string, labIds: string[], labsRoot: string, options: RunOptions): Promise<LabGrade> {
  const startedAt = new Date();
  const ungraded = (message: string, fix: string) =>
    environmentFailure({ id: labId, title: labId }, { mode: 'submission' }, new EnvironmentError(message, fix), startedAt);

  if (!labIds.includes(labId)) {
    const suggestion = closest(labId, labIds);
    return ungraded(
      `${file} names no lab: there is no lab "${labId}" in ${labsRoot}.`,
      `Name a submission after its lab, <lab-id>${SUBMISSION_SUFFIX}${suggestion ? `, e.g. ${suggestion}${SUBMISSION_SUFFIX}` : ''} (labs: ${labIds.join(', ') || 'none'}).`,
    );
  }
  try {
    const lab = await loadLab(join(labsRoot, labId));
    // Learners' files, read as a lab's are: inside the folder, regular, capped.
    const text = await readLabFile(dirname(file), basename(file), MAX_SUBMISSION_BYTES);
    if (!text.ok) return ungraded(`The submission ${file} cannot be graded: ${text.message}.`, 'Hand in the script as a plain text file.');
    const submission = parseSubmission(text.text, lab, file);
    return await runGrade(lab, { mode: 'submission', submission }, options);
  } catch (error) {
    if (error instanceof LabLoadError) return ungraded(`The lab ${labId} does not load:\n${error.message}`, `Run \`nslab lint ${labsRoot}\`.`);
    if (error instanceof SubmissionError) return ungraded(error.message, 'Fix the `# step:` / `# terminal:` lines of the submission.');
    // One broken grade must not cost the class the others: it is reported as an error.
    return ungraded(`Grading failed unexpectedly: ${(error as Error).stack ?? String(error)}`, 'Please report this with the submission.');
  }
}

function renderGrades(grades: LabGrade[], format: Format): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(grades, null, 2)}\n`;
    case 'junit':
      return junitReport(grades);
    case 'text': {
      const count = (status: LabGrade['status']) => grades.filter((g) => g.status === status).length;
      const summary = `${grades.length} lab(s): ${count('pass')} passed, ${count('fail')} failed, ${count('error')} not graded\n`;
      return `${grades.map((g) => textReport(g, { colour: useColour() })).join('\n')}\n${summary}`;
    }
  }
}

/** `work` over `items`, at most `limit` at a time; results in the order of `items`. */
async function mapBounded<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
