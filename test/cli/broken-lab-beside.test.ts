// One broken lab in a labs folder (a FIFO for a step text: it used to hang
// everything) costs nothing to the good lab beside it: lint names the broken
// one and passes the other, a folder of submissions grades the good one.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLab } from '../../electron/labs/loader';
import type { LabGrade } from '../../electron/shared/grade';
import { REPO_ROOT, runCli } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-broken-beside-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const labs = join(scratch, 'labs');
cpSync(join(REPO_ROOT, 'labs/uts-namespace'), join(labs, 'uts-namespace'), { recursive: true });
cpSync(join(REPO_ROOT, 'labs/pid-namespace'), join(labs, 'pid-namespace'), { recursive: true });
cpSync(join(REPO_ROOT, 'labs/uts-namespace'), join(labs, 'broken'), { recursive: true });
const brokenYaml = join(labs, 'broken', 'lab.yaml');
writeFileSync(brokenYaml, readFileSync(brokenYaml, 'utf8').replace(/^id: .*$/m, 'id: broken'));
rmSync(join(labs, 'broken', 'steps/01-look-around.md'));
execFileSync('mkfifo', [join(labs, 'broken', 'steps/01-look-around.md')]);

describe('a broken lab beside a good one', () => {
  it('lint reports the broken one, located, and nothing of the good one', async () => {
    const { code, stderr } = await runCli(['lint', labs]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${brokenYaml}:16:5: steps[0].text: steps/01-look-around.md is a FIFO; only regular files are read`);
    expect(stderr).toContain('✘ 1 problem(s)');
  });

  it('a folder of submissions grades the good lab, and names why the broken one could not be', { timeout: 180_000 }, async () => {
    const lab = await loadLab(join(labs, 'uts-namespace'));
    const solution = lab.steps.map((s) => [`# step: ${s.id}`, ...s.solution.map((l) => (typeof l === 'string' ? l : l.run))].join('\n')).join('\n');
    const submissions = join(scratch, 'submissions');
    mkdirSync(submissions);
    writeFileSync(join(submissions, 'uts-namespace.sh'), solution);
    writeFileSync(join(submissions, 'broken.sh'), 'hostname x\n');
    // A learner's pushed file of 2 GB (sparse: nothing is written) is refused by its size, not read.
    writeFileSync(join(submissions, 'pid-namespace.sh'), '');
    truncateSync(join(submissions, 'pid-namespace.sh'), 2 * 1024 * 1024 * 1024);
    const { code, stdout, stderr } = await runCli(['grade', submissions, '--labs', labs, '--format', 'json', '--trust-submissions', '--trust-pack']);
    expect(code, stderr).toBe(2);
    const grades = JSON.parse(stdout) as LabGrade[];
    expect(grades.map((g) => `${g.labId}:${g.status}`)).toEqual(['broken:error', 'pid-namespace:error', 'uts-namespace:pass']);
    expect(grades[0]!.error).toContain('is a FIFO');
    expect(grades[1]!.error).toContain(`pid-namespace.sh is too large (${2 * 1024 * 1024 * 1024} bytes`);
  });
});
