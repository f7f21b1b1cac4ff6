// I/O: finds and loads labs from disk; all judgement is in parse.ts and semantics.ts.
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { Lab } from '../shared/lab';
import { parseLabYaml } from './parse';
import { LabLoadError, type LabProblem } from './problems';
import { semanticProblems } from './semantics';

export const LAB_FILE = 'lab.yaml';

/** Loads one lab folder; throws LabLoadError with every located problem. */
export async function loadLab(dir: string): Promise<Lab> {
  const labDir = resolve(dir);
  const file = join(labDir, LAB_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new LabLoadError([{ file, line: 1, column: 1, path: '', message: `no ${LAB_FILE} in ${labDir}` }]);
  }
  const parsed = parseLabYaml(text, file);
  if (!parsed.ok) throw new LabLoadError(parsed.problems);

  const problems = semanticProblems(parsed.lab, {
    file,
    folderName: basename(labDir),
    locate: parsed.locate,
    fileExists: (relative) => existsSync(join(labDir, relative)),
  });
  if (problems.length > 0) throw new LabLoadError(problems);

  const stepTexts: Record<string, string> = {};
  for (const step of parsed.lab.steps) stepTexts[step.id] = await readFile(join(labDir, step.text), 'utf8');
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

/** Loads every lab under `root`, collecting problems instead of stopping at the first. */
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
      if (!(error instanceof LabLoadError)) throw error;
      problems.push(...error.problems);
    }
  }
  return { labs, problems };
}
