// Checks that need kind (or any real kubelet) are skipped where the cluster
// cannot show what they look at, with the reason in every report, and a skip
// never fails a grade.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { EnvironmentFacts, LabEnvironment } from '../../electron/engine/environment';
import { CheckRound, evaluateCheck } from '../../electron/engine/checks/evaluate';
import { unmetNeed } from '../../electron/engine/checks/needs';
import { settleChecks } from '../../electron/engine/grader';
import { junitReport } from '../../electron/engine/report/junit';
import { textReport } from '../../electron/engine/report/text';
import { worstStatus, type LabGrade } from '../../electron/shared/grade';
import { CheckSchema, StepSchema } from '../../electron/shared/lab';

describe('unmetNeed', () => {
  it('is met by kind for both needs, and by any real cluster for a kubelet', () => {
    expect(unmetNeed('kind', { cluster: 'kind' })).toBeUndefined();
    expect(unmetNeed('kubelet', { cluster: 'kind' })).toBeUndefined();
    expect(unmetNeed('kubelet', { cluster: 'cluster' })).toBeUndefined();
    expect(unmetNeed(undefined, { cluster: 'kwok' })).toBeUndefined();
  });

  it('says why not on kwok, on a cluster that is not kind, and in a box', () => {
    expect(unmetNeed('kubelet', { cluster: 'kwok' })).toBe(
      "needs pods that really run (kind or a real cluster); kwok simulates this cluster's nodes: no container runs and nothing is mounted",
    );
    expect(unmetNeed('kind', { cluster: 'cluster' })).toMatch(/^needs a kind cluster.*this cluster is not kind/);
    expect(unmetNeed('kind', { cgroupVersion: 'v2' })).toMatch(/this lab runs in a Docker box/);
  });
});

/**
 * A FAKE environment, standing in for a cluster whose nodes kwok simulates: a
 * skipped check must decide from the facts alone, so any exec is a test failure.
 */
function fakeEnvironment(facts: EnvironmentFacts): LabEnvironment & { execs: string[] } {
  const execs: string[] = [];
  return {
    facts,
    description: 'fake environment (no cluster)',
    execs,
    exec: async (script) => {
      execs.push(script);
      return { stdout: '', stderr: 'the fake environment runs nothing', exitCode: 1, timedOut: false };
    },
    openShell: () => Promise.reject(new Error('the fake environment has no shell')),
  };
}

const needsKind = CheckSchema.parse({ check: 'script', title: 'the node holds the file', needs: 'kind', run: 'docker exec node cat /f', stdout: '^hello$' });

describe('a check that needs kind', () => {
  it('is skipped on kwok with the reason, without running anything', async () => {
    const env = fakeEnvironment({ cluster: 'kwok' });
    const result = await evaluateCheck(needsKind, new CheckRound(env));
    expect(result).toMatchObject({ kind: 'script', title: 'the node holds the file', status: 'skipped', expected: 'a cluster that can show this (needs kind)' });
    expect(result.message).toBe(`Skipped: ${unmetNeed('kind', { cluster: 'kwok' })}.`);
    expect(env.execs).toEqual([]);
  });

  it('runs, and can fail, where the need is met', async () => {
    const env = fakeEnvironment({ cluster: 'kind' });
    const result = await evaluateCheck(needsKind, new CheckRound(env));
    expect(result.status).toBe('fail');
    expect(env.execs).toEqual(['docker exec node cat /f']);
  });

  // The test's own limit (10 s) is below the settle loop's 30 s: skips that held the loop would fail it.
  it('does not hold the settle loop, and a step of skips passes', async () => {
    const step = StepSchema.parse({ id: 'node', title: 'on the node', text: 'x.md', solution: ['true'], checks: [needsKind, { ...needsKind, needs: 'kubelet' }] });
    const results = await settleChecks(step, fakeEnvironment({ cluster: 'kwok' }), 30_000);
    expect(results.map((r) => r.status)).toEqual(['skipped', 'skipped']);
    expect(worstStatus(results.map((r) => r.status))).toBe('pass');
    expect(worstStatus(['pass', 'skipped', 'fail'])).toBe('fail');
  }, 10_000);
});

describe('reports of a grade with a skipped check', () => {
  const reason = unmetNeed('kind', { cluster: 'kwok' })!;
  const grade: LabGrade = {
    labId: 'dynamic-provisioning',
    title: 'Dynamic provisioning',
    status: 'pass',
    mode: 'solve',
    environment: 'kubernetes namespace nslab-t1 (nodes simulated by kwok)',
    startedAt: '2026-11-25T06:00:00.123Z',
    durationMs: 2500,
    steps: [
      {
        stepId: 'on-the-node',
        title: 'The volume is a directory on the node',
        status: 'pass',
        durationMs: 100,
        checks: [
          { kind: 'k8s.pvc', title: 'data is Bound', status: 'pass', expected: 'x', found: 'x', message: 'OK' },
          { kind: 'script', title: 'the node holds the file', status: 'skipped', expected: 'a cluster that can show this (needs kind)', found: reason, message: `Skipped: ${reason}.` },
        ],
      },
    ],
  };

  it('text: the skip, its reason and the count, and the grade passes', () => {
    const text = textReport(grade);
    expect(text).toContain('     - the node holds the file\n         Skipped: needs a kind cluster');
    expect(text).not.toContain('expected: a cluster');
    expect(text).toContain('PASS  1/2 checks passed, 1 skipped');
  });

  it('JUnit: <skipped message="…"/> and the suite counts it', () => {
    const xml = junitReport([grade]);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toContain(`<skipped message="Skipped: ${reason}."/>`);
    const suite = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).testsuites.testsuite;
    expect(suite).toMatchObject({ tests: '2', failures: '0', errors: '0', skipped: '1' });
    expect(suite.testcase[1].skipped).toMatchObject({ message: `Skipped: ${reason}.` });
  });
});
