// Pure: problems in a step's Markdown that the page would trip over: code block
// fences it cannot read (electron/shared/code-blocks.ts), located in the
// Markdown file itself so an author's editor jumps to the fence.
import { codeBlocks } from '../shared/code-blocks';
import type { LabDefinition } from '../shared/lab';
import type { LabProblem } from './problems';

export function stepTextProblems(
  lab: Pick<LabDefinition, 'steps' | 'environment'>,
  stepTexts: Record<string, string>,
  fileOf: (stepText: string) => string,
): LabProblem[] {
  const problems: LabProblem[] = [];
  lab.steps.forEach((step, i) => {
    const text = stepTexts[step.id];
    if (text === undefined) return;
    for (const block of codeBlocks(text)) {
      const report = (message: string) =>
        problems.push({ file: fileOf(step.text), line: block.line, column: 1, path: `steps[${i}].text`, message: `code block ${block.index + 1}: ${message}` });
      block.problems.forEach(report);
      if (block.terminal !== undefined && block.terminal > lab.environment.terminals) {
        report(`expected a terminal from 1 to ${lab.environment.terminals} (environment.terminals), found terminal=${block.terminal}`);
      }
    }
  });
  return problems;
}
