// The labs the class uses: their titles and step order, for the instructor's
// column headers, and the list a report must name a step of. Labs that fail to
// load are not the class's: reports of them are refused.
import { loadLabs } from '../labs/loader';
import type { TableLab } from '../shared/classroom';

export async function loadLabOutlines(labsDir: string): Promise<TableLab[]> {
  const { labs } = await loadLabs(labsDir);
  return labs.map((lab) => ({ id: lab.id, title: lab.title, steps: lab.steps.map((s) => ({ id: s.id, title: s.title })) }));
}

/** Why `labId`/`stepId` is no step of the class's labs; undefined when it is one. Pure. */
export function unknownStep(outlines: TableLab[], labId: string, stepId: string): string | undefined {
  const lab = outlines.find((l) => l.id === labId);
  if (!lab) return `this class has no lab "${labId}"; its labs: ${outlines.map((l) => l.id).join(', ') || 'none'}`;
  if (!lab.steps.some((s) => s.id === stepId)) return `lab ${labId} has no step "${stepId}"; its steps: ${lab.steps.map((s) => s.id).join(', ')}`;
  return undefined;
}
