// The one gate for what a learner sends to the class server: strict objects
// (an unknown field such as a transcript is refused, not ignored), bounded
// strings, no control or bidirectional-override characters that could disguise
// a name in the instructor's table.
import { z } from 'zod';
import type { ClassReport } from '../shared/classroom';
import { LabIdSchema } from '../shared/lab';

/** A request body larger than this is refused (413) before it is parsed. */
export const MAX_REPORT_BYTES = 16 * 1024;
export const MAX_LEARNER_NAME = 64;
export const MAX_CHECKS = 20;
export const MAX_CHECK_TITLE = 200;
export const MAX_CHECK_MESSAGE = 400;

/** Control, format (bidi overrides, zero-width) and unassigned characters; tab and newline are allowed in messages. */
const UNSHOWABLE = /[^\P{C}\t\n]/u;
const UNSHOWABLE_GLOBAL = new RegExp(UNSHOWABLE.source, 'gu');

const showable = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => !UNSHOWABLE.test(text), 'must not contain control or invisible formatting characters');

export const LearnerNameSchema = showable(MAX_LEARNER_NAME).refine(
  (name) => name.trim() === name && name.length > 0 && !/[\t\n]/.test(name),
  'a learner name is 1 to 64 visible characters, without leading or trailing spaces',
);

const ClassIdSchema = LabIdSchema.max(64);

export const ClassReportSchema = z.strictObject({
  labId: ClassIdSchema,
  stepId: ClassIdSchema,
  checks: z
    .array(
      z.strictObject({
        title: showable(MAX_CHECK_TITLE),
        status: z.enum(['pass', 'fail', 'error', 'skipped']),
        message: showable(MAX_CHECK_MESSAGE),
      }),
    )
    .max(MAX_CHECKS),
}) satisfies z.ZodType<ClassReport>;

/** What a join hands out (join-code.ts: 24 random bytes, base64url). */
export const LearnerSecretSchema = z.string().regex(/^[\w-]{32}$/, 'a learner secret is the 32 characters the class server gave at join');

/** `secret`: the one this app was given when it joined under this name before, to join again. */
export const JoinRequestSchema = z.strictObject({ learner: LearnerNameSchema, secret: LearnerSecretSchema.optional() });

export class ReportError extends Error {}

/** The report in `value`, or a ReportError that says the first thing wrong with it. */
export function parseReport(value: unknown): ClassReport {
  return parseWith(ClassReportSchema, value);
}

export function parseJoinRequest(value: unknown): z.infer<typeof JoinRequestSchema> {
  return parseWith(JoinRequestSchema, value);
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : 'the body';
  throw new ReportError(`${where}: ${issue.message}`);
}

/** Text a check produced, made fit to send: invisible characters dropped, cut to `max`. */
export function showableText(text: string, max: number): string {
  const clean = text.replace(UNSHOWABLE_GLOBAL, '');
  if (clean.length <= max) return clean;
  // Never cut between the two halves of a surrogate pair: a lone half is unshowable.
  const cut = clean.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '');
  return `${cut}…`;
}
