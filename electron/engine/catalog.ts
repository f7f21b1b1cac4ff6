// The lab catalog the renderer lists: every lab under the labs folder, and the
// located problems of any that failed to load.
import type { LabCatalog, LabSummary } from '../shared/api';
import type { Lab } from '../shared/lab';
import { loadLabs } from '../labs/loader';

export class CatalogService {
  constructor(private readonly labsDir: string) {}

  async listLabs(): Promise<LabCatalog> {
    const { labs, problems } = await loadLabs(this.labsDir);
    // A course reads from the basics up: by level, then shortest first.
    const order = (l: Lab) => LEVELS.indexOf(l.level) * 1000 + l.minutes;
    return { labs: [...labs].sort((a, b) => order(a) - order(b) || a.title.localeCompare(b.title)).map(summarise), problems };
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
  };
}
