// `nslab lint`: every lab and every pack under a folder, every problem located.
import { resolve } from 'node:path';
import { loadLabs } from './loader';
import { loadPacks } from './pack-loader';
import type { LabProblem } from './problems';
import { labTrust } from './trust';
import type { LabTrust } from '../shared/lab-trust';

export interface LintReport {
  labIds: string[];
  packIds: string[];
  problems: LabProblem[];
  /** what each lab that loaded runs, and where */
  trust: LabTrust[];
}

export async function lintLabs(root: string): Promise<LintReport> {
  const { labs, problems } = await loadLabs(root);
  if (labs.length === 0 && problems.length === 0) {
    problems.push({ file: resolve(root), line: 1, column: 1, path: '', message: 'no lab found (a lab is a folder with lab.yaml)' });
  }
  const packSet = await loadPacks(root, labs);
  return {
    labIds: labs.map((l) => l.id),
    packIds: packSet.packs.map((p) => p.id),
    problems: [...problems, ...packSet.problems],
    trust: labs.map(labTrust),
  };
}
