// What the long test stages that drive the nslab guest share (scripts/test-guest.ts,
// scripts/test-kind.ts): commands run with their output passed through, each
// stage's time, each lab grade's time (the `lab-time:` lines
// test/helpers/lab-grading.ts prints), a budget after which the running tests are
// stopped, and a JSON report in test-results/.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface StageRunner {
  say(line: string): void;
  /**
   * Runs a command with its output passed through; a budgeted command still
   * running when the budget is spent is stopped (its whole process group:
   * vitest's workers and their grades).
   */
  run(command: string, args: string[], env?: NodeJS.ProcessEnv, budgeted?: boolean): Promise<{ code: number; stdout: string }>;
  timed<T>(stage: string, work: () => Promise<T>): Promise<T>;
  /** seconds per stage, in the order they ran */
  stages: Record<string, number>;
  /** seconds per grade: "<lab> solution" or "<lab> <attempt file>" */
  labTimes: Record<string, number>;
  readonly outOfTime: boolean;
  report(file: string, extra: Record<string, unknown>): void;
}

export function stageRunner(name: string, budgetMs: number): StageRunner {
  const stages: Record<string, number> = {};
  const labTimes: Record<string, number> = {};
  const started = Date.now();
  let outOfTime = false;
  const say = (line: string) => process.stdout.write(`${name}: ${line}\n`);

  const run: StageRunner['run'] = (command, args, env = {}, budgeted = false) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: budgeted });
      const timer = budgeted
        ? setTimeout(() => {
            outOfTime = true;
            say(`out of time: the stage's budget of ${budgetMs / 60_000} min is spent; stopping the tests`);
            try {
              process.kill(-child.pid!, 'SIGTERM');
            } catch {
              // already gone
            }
          }, Math.max(0, budgetMs - (Date.now() - started)))
        : undefined;
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        process.stdout.write(chunk);
      });
      createInterface({ input: child.stderr }).on('line', (line) => {
        process.stderr.write(`${line}\n`);
        const m = /^lab-time: labs\/([\w-]+) (\S+) ([\d.]+) s( \(.*\))?$/.exec(line);
        if (m) labTimes[`${m[1]} ${m[2] === '--solve' ? 'solution' : m[2]!.split('/').pop()}`] = Number(m[3]);
      });
      child.once('error', reject);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? 1, stdout });
      });
    });

  async function timed<T>(stage: string, work: () => Promise<T>): Promise<T> {
    const begun = Date.now();
    try {
      return await work();
    } finally {
      stages[stage] = (Date.now() - begun) / 1000;
      say(`${stage}: ${stages[stage]!.toFixed(0)} s`);
    }
  }

  function report(file: string, extra: Record<string, unknown>): void {
    mkdirSync('test-results', { recursive: true });
    writeFileSync(`test-results/${file}`, `${JSON.stringify({ stages, labTimes, ...extra }, null, 2)}\n`);
    const slowest = Object.entries(labTimes).sort((a, b) => b[1] - a[1]);
    if (slowest.length > 0) say(`per-lab grading times (s): ${slowest.map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
  }

  return {
    say,
    run,
    timed,
    stages,
    labTimes,
    get outOfTime() {
      return outOfTime;
    },
    report,
  };
}
