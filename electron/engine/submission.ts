// Pure: a learner's submission script -> what to type, where, before which step.
// A submission is what the learner would type. Comment directives split it:
//   # step: <id>       what follows is typed before that step's checks run
//   # terminal: <n>    what follows goes to terminal n (default 1)
// Without any `# step:` line the whole script is typed first, then every step is checked.
import type { LabDefinition } from '../shared/lab';
import { unmetNeed } from './checks/needs';
import type { EnvironmentFacts } from './environment';

export interface TypedChunk {
  terminal: number;
  text: string;
}

export interface Submission {
  /** typed before the first step */
  preamble: TypedChunk[];
  /** typed before the step with that id */
  steps: Map<string, TypedChunk[]>;
}

const DIRECTIVE = /^#\s*(step|terminal):\s*(\S+)\s*$/;

export class SubmissionError extends Error {}

export function parseSubmission(text: string, lab: Pick<LabDefinition, 'steps' | 'environment'>, file = 'submission'): Submission {
  const stepIds = new Set(lab.steps.map((s) => s.id));
  const submission: Submission = { preamble: [], steps: new Map() };
  let target = submission.preamble;
  let terminal = 1;

  text.split('\n').forEach((line, index) => {
    const directive = DIRECTIVE.exec(line.trim());
    if (!directive) {
      const last = target[target.length - 1];
      if (last && last.terminal === terminal) last.text += `${line}\n`;
      else target.push({ terminal, text: `${line}\n` });
      return;
    }
    const [, kind, value = ''] = directive;
    const where = `${file}:${index + 1}`;
    if (kind === 'step') {
      if (!stepIds.has(value)) throw new SubmissionError(`${where}: no step "${value}" in this lab (steps: ${[...stepIds].join(', ')})`);
      target = [];
      submission.steps.set(value, target);
    } else {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > lab.environment.terminals) {
        throw new SubmissionError(`${where}: expected a terminal from 1 to ${lab.environment.terminals}, found "${value}"`);
      }
      terminal = n;
    }
  });
  const meaningful = (chunks: TypedChunk[]) => chunks.filter((c) => c.text.trim() !== '');
  submission.preamble = meaningful(submission.preamble);
  for (const [id, chunks] of submission.steps) submission.steps.set(id, meaningful(chunks));
  return submission;
}

/**
 * A step's reference solution as chunks: consecutive lines for one terminal type
 * together; lines meant for the other cgroup version, or for a real node where
 * there is none (`when: kubelet`, as `needs: kubelet` for checks), are left out.
 */
export function solutionChunks(solution: LabDefinition['steps'][number]['solution'], facts: EnvironmentFacts): TypedChunk[] {
  const chunks: TypedChunk[] = [];
  const version = facts.cgroupVersion === undefined ? undefined : facts.cgroupVersion === 'v2' ? 'cgroup-v2' : 'cgroup-v1';
  for (const line of solution) {
    const { terminal, run, when } = typeof line === 'string' ? { terminal: 1, run: line, when: undefined } : line;
    const typed = when === undefined || (when === 'kubelet' ? unmetNeed('kubelet', facts) === undefined : when === version);
    if (!typed) continue;
    const last = chunks[chunks.length - 1];
    if (last && last.terminal === terminal) last.text += `${run}\n`;
    else chunks.push({ terminal, text: `${run}\n` });
  }
  return chunks;
}
