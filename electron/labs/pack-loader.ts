// I/O: finds and loads the packs that sit next to the labs (labs/<id>.pack.yaml);
// all judgement is in pack.ts.
import { readdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { boxSpecFor } from '../env/box-backend';
import { KUBE_TOOLS_IMAGE } from '../env/docker/engine';
import type { Lab } from '../shared/lab';
import { MAX_LAB_YAML_BYTES, readLabFile } from './lab-files';
import { findLabDirs } from './loader';
import { PACK_SUFFIX, packProblems, parsePackYaml, type Pack } from './pack';
import type { LabProblem } from './problems';

/** Pack files directly under `root`; none when `root` is a lab folder or no folder at all. */
export async function findPackFiles(root: string): Promise<string[]> {
  const dir = resolve(root);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(PACK_SUFFIX))
    .map((e) => join(dir, e.name))
    .sort();
}

export interface PackSet {
  packs: Pack[];
  problems: LabProblem[];
}

/**
 * Loads every pack under `root`, checked against the lab folders there; `labs`
 * are the ones that loaded (their images are what a pack must list).
 * A pack with problems is left out, its problems reported.
 */
export async function loadPacks(root: string, labs: readonly Lab[]): Promise<PackSet> {
  const files = await findPackFiles(root);
  if (files.length === 0) return { packs: [], problems: [] };
  const labIds = (await findLabDirs(root)).map((dir) => basename(dir));
  const loaded = new Map(labs.map((lab) => [lab.id, lab]));
  const imageOf = (id: string) => {
    const lab = loaded.get(id);
    if (!lab) return undefined;
    return lab.environment.kind === 'box' ? boxSpecFor(lab).image : KUBE_TOOLS_IMAGE;
  };

  const packs: Pack[] = [];
  const problems: LabProblem[] = [];
  for (const file of files) {
    const read = await readLabFile(resolve(root), basename(file), MAX_LAB_YAML_BYTES);
    if (!read.ok) {
      problems.push({ file, line: 1, column: 1, path: '', message: read.message });
      continue;
    }
    const parsed = parsePackYaml(read.text, file);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const found = packProblems(parsed.value, {
      file,
      fileStem: basename(file, PACK_SUFFIX),
      labsRoot: root,
      locate: parsed.locate,
      labIds,
      imageOf,
    });
    if (found.length > 0) problems.push(...found);
    else packs.push({ ...parsed.value, file });
  }
  return { packs, problems };
}
