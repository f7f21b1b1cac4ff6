// The titles and step order of the labs the class uses, for the instructor's
// column headers. Labs that fail to load are simply not known: their reports
// still show, under their ids.
import { loadLabs } from '../labs/loader';
import type { TableLab } from '../shared/classroom';

export async function loadLabOutlines(labsDir: string): Promise<TableLab[]> {
  const { labs } = await loadLabs(labsDir);
  return labs.map((lab) => ({ id: lab.id, title: lab.title, steps: lab.steps.map((s) => ({ id: s.id, title: s.title })) }));
}
