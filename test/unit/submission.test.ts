import { describe, expect, it } from 'vitest';
import { parseSubmission, solutionChunks, SubmissionError } from '../../electron/engine/submission';

const lab = { steps: [{ id: 'a' }, { id: 'b' }], environment: { terminals: 2 } } as Parameters<typeof parseSubmission>[1];

describe('parseSubmission', () => {
  it('types an unsectioned script before the first step', () => {
    const s = parseSubmission('echo 1\necho 2\n', lab);
    expect(s.preamble).toEqual([{ terminal: 1, text: 'echo 1\necho 2\n\n' }]);
    expect(s.steps.size).toBe(0);
  });

  it('splits by step and terminal directives', () => {
    const s = parseSubmission('# setup\n# step: a\nx\n# terminal: 2\ny\n#step: b\nz\n', lab);
    expect(s.preamble).toEqual([{ terminal: 1, text: '# setup\n' }]);
    expect(s.steps.get('a')).toEqual([
      { terminal: 1, text: 'x\n' },
      { terminal: 2, text: 'y\n' },
    ]);
    expect(s.steps.get('b')).toEqual([{ terminal: 2, text: 'z\n\n' }]);
  });

  it('names the line of an unknown step or terminal', () => {
    expect(() => parseSubmission('ok\n# step: c\n', lab, 'f.sh')).toThrow(new SubmissionError('f.sh:2: no step "c" in this lab (steps: a, b)'));
    expect(() => parseSubmission('# terminal: 3\n', lab, 'f.sh')).toThrow('f.sh:1: expected a terminal from 1 to 2, found "3"');
  });
});

describe('solutionChunks', () => {
  it('types only the lines for the host cgroup version (hybrid counts as v1)', () => {
    const solution = [{ terminal: 1, run: 'v1 only', when: 'cgroup-v1' as const }, { terminal: 1, run: 'v2 only', when: 'cgroup-v2' as const }, 'both'];
    expect(solutionChunks(solution, { cgroupVersion: 'hybrid' })).toEqual([{ terminal: 1, text: 'v1 only\nboth\n' }]);
    expect(solutionChunks(solution, { cgroupVersion: 'v2' })).toEqual([{ terminal: 1, text: 'v2 only\nboth\n' }]);
  });

  it('groups consecutive lines of one terminal', () => {
    expect(solutionChunks(['a', 'b', { terminal: 2, run: 'c' }, 'd'], { cgroupVersion: 'v1' })).toEqual([
      { terminal: 1, text: 'a\nb\n' },
      { terminal: 2, text: 'c\n' },
      { terminal: 1, text: 'd\n' },
    ]);
  });
});
