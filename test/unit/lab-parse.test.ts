import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CheckSchema } from '../../electron/shared/lab';
import { parseLabYaml } from '../../electron/labs/parse';
import { formatProblem } from '../../electron/labs/problems';
import { semanticProblems } from '../../electron/labs/semantics';
import { closest } from '../../electron/labs/closest';

const uts = readFileSync(new URL('../../labs/uts-namespace/lab.yaml', import.meta.url), 'utf8');

function problemsOf(text: string) {
  const result = parseLabYaml(text, 'lab.yaml');
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('parseLabYaml', () => {
  it('accepts a real lab and fills defaults', () => {
    const result = parseLabYaml(uts, 'lab.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.lab.steps[1]!.checks[0]).toMatchObject({ check: 'ns.differs', from: 'init' });
  });

  it('locates a typo in a field name and suggests the right one', () => {
    const text = uts.replace('    title: Start a shell in a new UTS namespace', '    titel: Start a shell in a new UTS namespace');
    const problems = problemsOf(text);
    const typo = problems.find((p) => p.path === 'steps[1].titel')!;
    expect(typo).toMatchObject({ line: lineOf(text, 'titel:'), column: 5, message: 'unknown field "titel"; did you mean "title"?' });
    expect(problems.find((p) => p.path === 'steps[1].title')?.message).toBe('missing required field "title"');
    expect(formatProblem(typo)).toBe(`lab.yaml:${lineOf(text, 'titel:')}:5: steps[1].titel: unknown field "titel"; did you mean "title"?`);
  });

  it('names the allowed values of a wrong enum and check kind', () => {
    const text = uts.replace('type: uts', 'type: utz').replace('check: uts.hostname', 'check: uts.hostnam');
    const problems = problemsOf(text);
    expect(problems.find((p) => p.path === 'steps[1].checks[0].type')).toMatchObject({
      line: lineOf(text, 'type: utz'),
      message: expect.stringContaining('expected one of "cgroup", "ipc"'),
    });
    expect(problems.find((p) => p.path === 'steps[2].checks[0].check')?.message).toContain('"uts.hostname"');
  });

  it('reports a wrong type with what was found', () => {
    const problems = problemsOf(uts.replace('minutes: 10', 'minutes: ten'));
    expect(problems).toEqual([expect.objectContaining({ path: 'minutes', line: lineOf(uts, 'minutes:'), message: 'expected number, found string' })]);
  });

  it('picks the plausible branch of a process selector', () => {
    const problems = problemsOf(uts.replace('process: { shell: true }\n        hint: Start', 'process: { comand: "^bash" }\n        hint: Start'));
    expect(problems.map((p) => p.message)).toContain('unknown field "comand"; did you mean "command"?');
  });

  it('reports YAML syntax errors with their position', () => {
    const problems = problemsOf('id: x\nsteps: [\n');
    expect(problems[0]).toMatchObject({ line: expect.any(Number), path: '', message: expect.stringMatching(/^YAML: /) });
  });

  it('reports a step without checks or solution', () => {
    const text = uts.replace(/    checks:\n      - check: file.content\n        title: the box's hostname is saved[\s\S]*?(?=\n\n  - id: unshare-uts)/, '    checks: []');
    expect(problemsOf(text)).toEqual([expect.objectContaining({ path: 'steps[0].checks', message: 'expected at least one check, or the step cannot be graded' })]);
  });
});

describe('semanticProblems', () => {
  const parsed = parseLabYaml(uts, 'lab.yaml');
  if (!parsed.ok) throw new Error('fixture lab must parse');

  it('demands the folder name as id, existing step texts and known terminals', () => {
    const lab = structuredClone(parsed.lab);
    lab.steps[1]!.id = lab.steps[0]!.id;
    lab.steps[0]!.solution.push({ terminal: 3, run: 'true' });
    const problems = semanticProblems(lab, {
      file: 'lab.yaml',
      folderName: 'other-name',
      locate: parsed.locate,
      fileProblem: (f) => (f === 'steps/03-set-hostname.md' ? `file not found: ${f}` : undefined),
    });
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'id: expected "other-name" (the lab\'s folder name), found "uts-namespace"',
      'steps[0].solution[2].terminal: expected a terminal from 1 to 1 (environment.terminals), found 3',
      'steps[1].id: duplicate step id "look-around" (first used by steps[0])',
      'steps[2].text: file not found: steps/03-set-hostname.md (relative to lab.yaml)',
    ]);
  });

  it('refuses a node check that does not say it needs a kubelet, or a placeholder without the object it comes from', () => {
    const lab = structuredClone(parsed.lab);
    lab.steps[0]!.checks.push(
      CheckSchema.parse({ check: 'node.path', path: '/var/local-path-provisioner/x' }),
      CheckSchema.parse({ check: 'node.mounts', needs: 'kubelet', claim: 'data', targets: ['/var/lib/kubelet/pods/${POD_UID}/volumes/kubernetes.io~csi/${VOLUME}/mount'] }),
    );
    const problems = semanticProblems(lab, { file: 'lab.yaml', folderName: 'uts-namespace', locate: parsed.locate, fileProblem: () => undefined });
    const n = parsed.lab.steps[0]!.checks.length;
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `steps[0].checks[${n}].needs: a node is read only where a kubelet really runs: say \`needs: kubelet\``,
      `steps[0].checks[${n + 1}]: \${POD_UID} needs "pod": the pod it comes from`,
    ]);
    expect(CheckSchema.safeParse({ check: 'node.path', needs: 'kubelet', path: 'relative/x' }).success).toBe(false);
    expect(CheckSchema.safeParse({ check: 'node.path', needs: 'kubelet', path: '/var/../etc/shadow' }).success).toBe(false);
  });

  it('refuses a CPU ratio of a cgroup to itself, and a devices check that would fail on cgroup v2', () => {
    const lab = structuredClone(parsed.lab);
    lab.steps[0]!.checks.push(
      CheckSchema.parse({ check: 'cgroup.cpu-ratio', cgroup: '/lab-b', over: '/lab-b', min: 2, max: 4 }),
      CheckSchema.parse({ check: 'cgroup.devices', cgroup: '/lab-dev', device: 'c 1:5', denied: 'rw' }),
    );
    const problems = semanticProblems(lab, { file: 'lab.yaml', folderName: 'uts-namespace', locate: parsed.locate, fileProblem: () => undefined });
    const n = parsed.lab.steps[0]!.checks.length;
    expect(problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      `steps[0].checks[${n}].over: compare /lab-b with another cgroup, not with itself`,
      `steps[0].checks[${n + 1}].needs: devices.list exists on cgroup v1 only: say \`needs: cgroup-v1\``,
    ]);
  });
});

describe('closest', () => {
  it('suggests within a small edit distance only', () => {
    expect(closest('hitns', ['hints', 'title'])).toBe('hints');
    expect(closest('zzzzz', ['hints', 'title'])).toBeUndefined();
  });
});
