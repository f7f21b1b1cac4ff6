// Which blocks of a step text the page may Run, where they go, and what the
// linter says about fences it cannot read. Fixtures are real step texts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { keystrokes } from '../../electron/engine/typist';
import { stepTextProblems } from '../../electron/labs/step-texts';
import { codeBlocks, parseFenceInfo } from '../../electron/shared/code-blocks';
import { REPO_ROOT } from '../helpers/cli';

const stepText = (lab: string, file: string) => readFileSync(join(REPO_ROOT, 'labs', lab, 'steps', file), 'utf8');

describe('codeBlocks', () => {
  it('reads a real step text: shell blocks run in the open terminal, in document order, with their lines', () => {
    const blocks = codeBlocks(stepText('uts-namespace', '01-look-around.md'));
    expect(blocks.map((b) => [b.index, b.line, b.language, b.runnable, b.terminal, b.code])).toEqual([
      [0, 6, 'sh', true, undefined, 'readlink /proc/1/ns/uts /proc/$$/ns/uts\n'],
      [1, 17, 'sh', true, undefined, 'hostname > /lab/hostname-before\n'],
    ]);
  });

  it('sends a block that names its terminal there', () => {
    const blocks = codeBlocks(stepText('mount-propagation', '04-namespaces.md'));
    expect(blocks.map((b) => b.terminal)).toEqual([2, 1]);
    expect(blocks[0]!.code).toBe('unshare --mount --propagation unchanged bash\ngrep /lab/p/a /proc/self/mountinfo\n');
  });

  it('gives output, explanation and norun blocks no Run, and counts fences nested in lists', () => {
    const markdown = ['1. first', '', '   ```bash', '   echo nested', '   ```', '', '```text', 'output', '```', '', '```', 'plain', '```', '', '```sh norun', ':(){ :|:& };:', '```', '', '```console-output', '$ x', '```'].join('\n');
    expect(codeBlocks(markdown).map((b) => [b.index, b.language, b.runnable])).toEqual([
      [0, 'bash', true],
      [1, 'text', false],
      [2, '', false],
      [3, 'sh', false],
      [4, 'console-output', false],
    ]);
  });
});

describe('parseFenceInfo', () => {
  it('names what it cannot read', () => {
    expect(parseFenceInfo('sh terminal=0').problems).toEqual(['expected terminal=<n> with n from 1, found "terminal=0"']);
    expect(parseFenceInfo('sh termnal=2').problems[0]).toMatch(/unknown attribute "termnal=2"/);
    expect(parseFenceInfo('text terminal=2').problems[0]).toMatch(/terminal=2 on a block that is not run/);
    expect(parseFenceInfo('sh   terminal=3 ')).toEqual({ language: 'sh', runnable: true, terminal: 3, problems: [] });
  });
});

describe('stepTextProblems', () => {
  it('locates a bad fence in the Markdown file and checks the terminal against the environment', () => {
    const lab = { environment: { terminals: 1 }, steps: [{ id: 'a', text: 'steps/a.md' }] } as Parameters<typeof stepTextProblems>[0];
    const problems = stepTextProblems(lab, { a: 'Text\n\n```sh terminal=2\nls\n```\n\n```sh bogus\nls\n```\n' }, (f) => `/labs/x/${f}`);
    expect(problems).toEqual([
      { file: '/labs/x/steps/a.md', line: 3, column: 1, path: 'steps[0].text', message: 'code block 1: expected a terminal from 1 to 1 (environment.terminals), found terminal=2' },
      {
        file: '/labs/x/steps/a.md',
        line: 7,
        column: 1,
        path: 'steps[0].text',
        message: 'code block 2: unknown attribute "bogus" (a fence may say terminal=<n> or norun)',
      },
    ]);
  });
});

describe('keystrokes', () => {
  it('types every line with Enter after it, as the grader and the Run button both do', () => {
    expect(keystrokes('a\r\nb')).toBe('a\nb\n');
    expect(keystrokes('unshare --uts bash\nhostname\n')).toBe('unshare --uts bash\nhostname\n');
  });
});
