// I/O: finds and loads labs from disk; all judgement is in parse.ts, semantics.ts and step-texts.ts,
// and every file is read through lab-files.ts (inside the lab, regular, capped).
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Lab } from '../shared/lab';
import { MAX_LAB_YAML_BYTES, MAX_STEP_TEXT_BYTES, readLabFile, type LabFileRead } from './lab-files';
import { parseLabYaml } from './parse';
import { LabLoadError, type LabProblem } from './problems';
import { semanticProblems } from './semantics';
import { stepTextProblems } from './step-texts';

export const LAB_FILE = 'lab.yaml';

/** Loads one lab folder; throws LabLoadError with every located problem. */
export async function loadLab(dir: string): Promise<Lab> {
  const labDir = resolve(dir);
  const file = join(labDir, LAB_FILE);
  const whole = (message: string) => new LabLoadError([{ file, line: 1, column: 1, path: '', message }]);
  if (!existsSync(file)) throw whole(`no ${LAB_FILE} in ${labDir}`);
  const yaml = await readLabFile(labDir, LAB_FILE, MAX_LAB_YAML_BYTES);
  if (!yaml.ok) throw whole(yaml.message);
  const parsed = parseLabYaml(yaml.text, file);
  if (!parsed.ok) throw new LabLoadError(parsed.problems);

  const texts = new Map<string, LabFileRead>();
  for (const step of parsed.lab.steps) {
    if (!texts.has(step.text)) texts.set(step.text, await readLabFile(labDir, step.text, MAX_STEP_TEXT_BYTES));
  }
  const problems = semanticProblems(parsed.lab, {
    file,
    folderName: basename(labDir),
    locate: parsed.locate,
    fileProblem: (relative) => {
      const read = texts.get(relative);
      return read && !read.ok ? read.message : undefined;
    },
  });
  if (problems.length > 0) throw new LabLoadError(problems);

  const stepTexts: Record<string, string> = {};
  for (const step of parsed.lab.steps) {
    const read = texts.get(step.text);
    if (read?.ok) stepTexts[step.id] = read.text;
  }
  const textProblems = stepTextProblems(parsed.lab, stepTexts, (relative) => join(labDir, relative));
  if (textProblems.length > 0) throw new LabLoadError(textProblems);
  return { ...parsed.lab, dir: labDir, file, stepTexts };
}

/** Lab folders under `root` (or `root` itself when it is one). */
export async function findLabDirs(root: string): Promise<string[]> {
  const dir = resolve(root);
  if (existsSync(join(dir, LAB_FILE))) return [dir];
  const entries = await readdir(dir, { withFileTypes: true });
  const dirs = entries
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, LAB_FILE)))
    .map((e) => join(dir, e.name));
  return dirs.sort();
}

export interface LabSet {
  labs: Lab[];
  problems: LabProblem[];
}

/**
 * Loads every lab under `root`, collecting problems instead of stopping at the
 * first: one lab that fails, however it fails, never costs the others.
 */
export async function loadLabs(root: string): Promise<LabSet> {
  if (!(await stat(root).catch(() => undefined))?.isDirectory()) {
    return { labs: [], problems: [{ file: resolve(root), line: 1, column: 1, path: '', message: 'not a folder' }] };
  }
  const labs: Lab[] = [];
  const problems: LabProblem[] = [];
  for (const dir of await findLabDirs(root)) {
    try {
      labs.push(await loadLab(dir));
    } catch (error) {
      if (error instanceof LabLoadError) problems.push(...error.problems);
      else problems.push({ file: join(dir, LAB_FILE), line: 1, column: 1, path: '', message: `the lab could not be loaded: ${(error as Error).message}` });
    }
  }
  return { labs, problems };
}
