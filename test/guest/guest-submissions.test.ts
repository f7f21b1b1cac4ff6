// A folder of untrusted submissions, graded with no --trust-submissions while
// the guest runs: nslab grades it on the guest's engine, never on this host.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { LabGrade } from '../../electron/shared/grade';
import { REPO_ROOT, runCli } from '../helpers/cli';

it('grades a folder of submissions on the guest by default', { timeout: 600_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nslab-guest-submissions-'));
  const solution = readFileSync(join(REPO_ROOT, 'test/labs/attempts/uts-namespace.ok-sh.sh'), 'utf8');
  writeFileSync(join(dir, 'uts-namespace.sh'), solution);
  const { code, stdout, stderr } = await runCli(['grade', dir, '--format', 'json']);
  expect(stderr).toContain('grading kernel labs on the nslab guest VM');
  const grades = JSON.parse(stdout) as LabGrade[];
  expect(grades[0]?.environment).toMatch(/cgroup v2\)/);
  expect(code).toBe(0);
});
