// The lab catalog the renderer lists: every lab under the labs folder, the packs
// that group them (with whether each image they need is on the engine), and the
// located problems of any lab or pack that failed to load.
import type Docker from 'dockerode';
import type { LabCatalog, LabSummary, PackImageStatus, PackSummary } from '../shared/api';
import type { Lab, LabProblem } from '../shared/lab';
import { connectDocker } from '../env/docker/engine';
import { imagePresent, missingPackImageFix } from '../env/docker/images';
import { EnvironmentError } from '../env/errors';
import { loadLabs } from '../labs/loader';
import type { Pack } from '../labs/pack';
import { loadPacks } from '../labs/pack-loader';

/** The folders of labs to list, the built-in one first, and why any other is not among them. */
export type CatalogFolders = () => Promise<{ folders: string[]; problems: LabProblem[] }>;

export class CatalogService {
  private readonly folders: CatalogFolders;

  constructor(
    labsDirs: string | CatalogFolders,
    private readonly connect: () => Promise<Docker> = () => connectDocker(),
  ) {
    this.folders = typeof labsDirs === 'string' ? async () => ({ folders: [labsDirs], problems: [] }) : labsDirs;
  }

  async listLabs(): Promise<LabCatalog> {
    const { folders, problems } = await this.folders();
    const labs: Lab[] = [];
    const packs: Pack[] = [];
    for (const folder of folders) {
      const set = await loadLabs(folder);
      const packSet = await loadPacks(folder, set.labs);
      problems.push(...set.problems, ...packSet.problems);
      packs.push(...packSet.packs);
      for (const lab of set.labs) {
        // Lab ids name progress and boxes: the first folder's lab (the built-in one) keeps its id.
        const first = labs.find((l) => l.id === lab.id);
        if (first) problems.push({ file: lab.file, line: 1, column: 1, path: 'id', message: `a lab "${lab.id}" is already open (${first.dir}); this one is left out` });
        else labs.push(lab);
      }
    }
    // A course reads from the basics up: by level, then shortest first.
    const order = (l: Lab) => LEVELS.indexOf(l.level) * 1000 + l.minutes;
    return {
      labs: [...labs].sort((a, b) => order(a) - order(b) || a.title.localeCompare(b.title)).map(summarise),
      packs: await this.summarisePacks(packs),
      problems,
    };
  }

  private async summarisePacks(packs: Pack[]): Promise<PackSummary[]> {
    const presence = await this.presence([...new Set(packs.flatMap((p) => p.images))]);
    const status = (image: string, packId: string): PackImageStatus => {
      if (presence instanceof EnvironmentError) return { image, state: 'unknown', fix: presence.fix };
      return presence.get(image) ? { image, state: 'present' } : { image, state: 'missing', fix: missingPackImageFix(image, packId) };
    };
    return packs.map((p) => ({
      id: p.id,
      title: p.title,
      ...(p.summary ? { summary: p.summary } : {}),
      version: p.version,
      labs: p.labs,
      images: p.images.map((image) => status(image, p.id)),
    }));
  }

  /** Whether each image is on the engine; without an engine, the error that says how to get one. */
  private async presence(images: string[]): Promise<Map<string, boolean> | EnvironmentError> {
    if (images.length === 0) return new Map();
    let docker: Docker;
    try {
      docker = await this.connect();
    } catch (error) {
      if (!(error instanceof EnvironmentError)) throw error;
      return error;
    }
    return new Map(await Promise.all(images.map(async (image) => [image, await imagePresent(docker, image)] as const)));
  }
}

const LEVELS: Lab['level'][] = ['beginner', 'intermediate', 'advanced'];

export function summarise(lab: Lab): LabSummary {
  return {
    id: lab.id,
    title: lab.title,
    summary: lab.summary,
    level: lab.level,
    minutes: lab.minutes,
    requires: lab.requires,
    steps: lab.steps.length,
    ...(lab.environment.privileged ? { privileged: true as const } : {}),
  };
}
