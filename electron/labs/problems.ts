// A located problem in a lab file: what lint prints and what the loader throws.
import type { LabProblem } from '../shared/lab';

export type { LabProblem };

export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join('');
}

export function formatProblem(p: LabProblem): string {
  const where = `${p.file}:${p.line}:${p.column}`;
  return p.path ? `${where}: ${p.path}: ${p.message}` : `${where}: ${p.message}`;
}

export class LabLoadError extends Error {
  constructor(readonly problems: LabProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'LabLoadError';
  }
}
