// Results of checks and grades: produced by the engine, printed by the CLI,
// shown by the renderer.
import type { CheckKind } from './lab';

export type CheckStatus = 'pass' | 'fail' | 'error' | 'skipped';

export interface CheckResult {
  kind: CheckKind;
  title: string;
  status: CheckStatus;
  expected: string;
  found: string;
  /** learner-facing: what is wrong and what to try */
  message: string;
  /** the lab author's advice for this failure, also part of `message` */
  hint?: string;
}

export interface StepGrade {
  stepId: string;
  title: string;
  status: CheckStatus;
  checks: CheckResult[];
  /** what typing the step's commands printed, kept for the learner's own look */
  transcript?: string;
  durationMs: number;
}

export interface LabGrade {
  labId: string;
  title: string;
  status: 'pass' | 'fail' | 'error';
  mode: 'solve' | 'submission' | 'attach';
  /** how the box ran: its security mode (sysbox, confined or privileged), see env/docker/box-security.ts */
  environment: string;
  steps: StepGrade[];
  error?: string;
  startedAt: string;
  durationMs: number;
}

export function worstStatus(statuses: CheckStatus[]): 'pass' | 'fail' | 'error' {
  if (statuses.includes('error')) return 'error';
  if (statuses.includes('fail')) return 'fail';
  return 'pass';
}
