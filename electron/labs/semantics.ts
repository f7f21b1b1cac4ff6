// Pure: rules a schema cannot say (unique ids, files that must be readable, terminals
// that must be there), located like schema problems.
import { NODE_PATH_PLACEHOLDERS, type LabDefinition } from '../shared/lab';
import { formatPath, type LabProblem } from './problems';
import type { Locate } from './parse';

export interface LabContext {
  file: string;
  /** the folder name the lab lives in; its id must match it */
  folderName: string;
  locate: Locate;
  /** why the step text at this path cannot be read (missing, outside the lab, not a regular file, too large), or undefined */
  fileProblem: (relativePath: string) => string | undefined;
}

export function semanticProblems(lab: LabDefinition, ctx: LabContext): LabProblem[] {
  const problems: LabProblem[] = [];
  const report = (path: PropertyKey[], message: string) =>
    problems.push({ file: ctx.file, ...ctx.locate(path), path: formatPath(path), message });

  if (lab.id !== ctx.folderName) {
    report(['id'], `expected "${ctx.folderName}" (the lab's folder name), found "${lab.id}"`);
  }
  const seen = new Map<string, number>();
  lab.steps.forEach((step, i) => {
    const first = seen.get(step.id);
    if (first !== undefined) report(['steps', i, 'id'], `duplicate step id "${step.id}" (first used by steps[${first}])`);
    else seen.set(step.id, i);

    const fileProblem = ctx.fileProblem(step.text);
    if (fileProblem) report(['steps', i, 'text'], `${fileProblem} (relative to lab.yaml)`);

    step.checks.forEach((check, j) => {
      const at = ['steps', i, 'checks', j];
      if (check.check === 'cgroup.cpu-ratio' && check.cgroup === check.over) report([...at, 'over'], `compare ${check.cgroup} with another cgroup, not with itself`);
      // Graded on v2 it would fail for a file that cannot exist there, not for the learner's mistake.
      if (check.check === 'cgroup.devices' && check.needs !== 'cgroup-v1') report([...at, 'needs'], 'devices.list exists on cgroup v1 only: say `needs: cgroup-v1`');
      if (check.check === 'node.path' || check.check === 'node.mounts') {
        // kwok's nodes have no file system to read: said in the lab, so the grade skips it there with the reason.
        if (check.needs !== 'kubelet') report([...at, 'needs'], 'a node is read only where a kubelet really runs: say `needs: kubelet`');
        const paths = check.check === 'node.path' ? [check.path] : check.targets;
        for (const [name, source] of Object.entries(NODE_PATH_PLACEHOLDERS)) {
          if (check[source] === undefined && paths.some((p) => p.includes(`\${${name}}`))) report(at, `\${${name}} needs "${source}": the ${source} it comes from`);
        }
      }
    });

    step.solution.forEach((line, j) => {
      if (typeof line === 'object' && line.terminal > lab.environment.terminals) {
        report(
          ['steps', i, 'solution', j, 'terminal'],
          `expected a terminal from 1 to ${lab.environment.terminals} (environment.terminals), found ${line.terminal}`,
        );
      }
    });
  });
  return problems;
}
