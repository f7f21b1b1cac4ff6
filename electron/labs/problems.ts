// A located problem in a lab file: what lint prints and what the loader throws.

export interface LabProblem {
  file: string;
  line: number;
  column: number;
  /** dotted field path, e.g. "steps[0].checks[1].type"; empty for the whole file */
  path: string;
  message: string;
}

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
