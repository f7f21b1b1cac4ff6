// Grades a lab against a live environment: types the reference solution or a
// submission into real terminals step by step, then evaluates each step's checks.
import type { CheckResult, LabGrade, StepGrade } from '../shared/grade';
import { worstStatus } from '../shared/grade';
import type { LabDefinition, Step } from '../shared/lab';
import { CheckRound, evaluateCheck } from './checks/evaluate';
import { diagnosePitfalls, explainFailures, pitfallResult } from './checks/pitfalls';
import type { EnvironmentShell, LabEnvironment } from './environment';
import { solutionChunks, type Submission, type TypedChunk } from './submission';
import { Typist } from './typist';
import { readStepBaseline } from './step-baseline';
import type { StepBaseline } from './checks/cgroup-checks';

export type GradeInput = { mode: 'solve' } | { mode: 'submission'; submission: Submission } | { mode: 'attach' };

export type GradeEvent =
  | { type: 'step'; stepId: string; title: string; index: number; total: number }
  | { type: 'typed'; stepId: string; terminal: number; exitCode: number };

export interface GradeOptions {
  /** how long a failing check is re-read before it counts: state takes a moment to settle */
  settleMs?: number;
  typingTimeoutMs?: number;
  onEvent?: (event: GradeEvent) => void;
}

const DEFAULT_SETTLE_MS = 2_000;
const RETRY_INTERVAL_MS = 150;

export async function gradeLab(
  lab: LabDefinition,
  env: LabEnvironment,
  input: GradeInput,
  options: GradeOptions = {},
): Promise<LabGrade> {
  const startedAt = new Date();
  const terminals = new Terminals(env, options.typingTimeoutMs);
  const steps: StepGrade[] = [];
  try {
    for (const [index, step] of lab.steps.entries()) {
      options.onEvent?.({ type: 'step', stepId: step.id, title: step.title, index, total: lab.steps.length });
      const stepStart = Date.now();
      const chunks = [...(index === 0 ? preamble(input) : []), ...chunksFor(step, input, env)];
      const baseline = await readStepBaseline(step, env, 'step-start');
      const typing = await terminals.typeAll(chunks, (terminal, exitCode) =>
        options.onEvent?.({ type: 'typed', stepId: step.id, terminal, exitCode }),
      );
      const checks = [...typing.problems, ...(await settleChecks(step, env, options.settleMs ?? DEFAULT_SETTLE_MS, baseline))];
      steps.push({
        stepId: step.id,
        title: step.title,
        status: worstStatus(checks.map((c) => c.status)),
        checks,
        transcript: typing.transcript || undefined,
        durationMs: Date.now() - stepStart,
      });
    }
  } finally {
    terminals.dispose();
  }
  return {
    labId: lab.id,
    title: lab.title,
    status: worstStatus(steps.map((s) => s.status)),
    mode: input.mode,
    environment: env.description,
    steps,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
}

function preamble(input: GradeInput): TypedChunk[] {
  return input.mode === 'submission' ? input.submission.preamble : [];
}

function chunksFor(step: Step, input: GradeInput, env: LabEnvironment): TypedChunk[] {
  if (input.mode === 'solve') return solutionChunks(step.solution, env.facts);
  if (input.mode === 'submission') return input.submission.steps.get(step.id) ?? [];
  return [];
}

/**
 * Re-reads failing checks until they pass or the settle time is up. The time
 * counts from the end of the first round: a round can itself take long (a CPU
 * usage check watches for seconds), and every check deserves a second look.
 */
export async function settleChecks(step: Step, env: LabEnvironment, settleMs = DEFAULT_SETTLE_MS, baseline?: StepBaseline): Promise<CheckResult[]> {
  let deadline: number | undefined;
  for (;;) {
    const round = new CheckRound(env, baseline);
    const results = await Promise.all(step.checks.map((check) => evaluateCheck(check, round)));
    deadline ??= Date.now() + settleMs;
    const pitfalls = await diagnosePitfalls(round);
    if (pitfalls.length === 0 && results.every((r) => r.status === 'pass' || r.status === 'skipped')) return results;
    if (Date.now() >= deadline) return [...explainFailures(results, pitfalls), ...pitfalls.map(pitfallResult)];
    await new Promise((resolve) => setTimeout(resolve, RETRY_INTERVAL_MS));
  }
}

/** The lab's terminals, opened on first use, as the learner's would be. */
class Terminals {
  private readonly open = new Map<number, { shell: EnvironmentShell; typist: Typist }>();

  constructor(
    private readonly env: LabEnvironment,
    private readonly typingTimeoutMs?: number,
  ) {}

  async typeAll(
    chunks: TypedChunk[],
    onTyped: (terminal: number, exitCode: number) => void,
  ): Promise<{ transcript: string; problems: CheckResult[] }> {
    const transcripts: string[] = [];
    for (const chunk of chunks) {
      try {
        const { typist } = await this.terminal(chunk.terminal);
        const typed = await typist.type(chunk.text, this.typingTimeoutMs);
        transcripts.push(this.label(chunk.terminal, typed.transcript));
        onTyped(chunk.terminal, typed.exitCode);
      } catch (error) {
        const [reason = '', ...rest] = (error as Error).message.split('\n');
        transcripts.push(this.label(chunk.terminal, rest.join('\n')));
        return { transcript: transcripts.join('\n'), problems: [typingProblem(chunk, reason)] };
      }
    }
    return { transcript: transcripts.join('\n'), problems: [] };
  }

  private label(terminal: number, transcript: string): string {
    return this.open.size > 1 ? `[terminal ${terminal}]\n${transcript}` : transcript;
  }

  private async terminal(n: number): Promise<{ shell: EnvironmentShell; typist: Typist }> {
    let terminal = this.open.get(n);
    if (!terminal) {
      const shell = await this.env.openShell();
      terminal = { shell, typist: new Typist(shell) };
      this.open.set(n, terminal);
    }
    return terminal;
  }

  dispose(): void {
    for (const { shell } of this.open.values()) shell.dispose();
    this.open.clear();
  }
}

function typingProblem(chunk: TypedChunk, reason: string): CheckResult {
  const firstLine = chunk.text.trim().split('\n')[0] ?? '';
  return {
    kind: 'script',
    title: `commands typed into terminal ${chunk.terminal} finish`,
    status: 'fail',
    expected: 'the typed commands to return to a prompt',
    found: reason,
    message: `Typing \`${firstLine}\`${chunk.text.trim().includes('\n') ? ' …' : ''}: ${reason}.`,
  };
}
