// The class's secrets: the join code learners type (short, read aloud or
// projected, no look-alike characters), the instructor's token (long, only
// ever in the instructor's URL), and each learner's own secret (handed out once
// by the join, then sent with every report: what binds a name to one app).
// Learners never get the token, so they cannot read each other's results.
import { createHash, randomBytes, randomInt } from 'node:crypto';

/** No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a code read off a projector is typed right. */
const ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
const GROUP = 4;

/** Eight characters in two groups, e.g. "K7MX-Q4PD": about 37 bits, and wrong guesses are rate-limited. */
export function newJoinCode(): string {
  const chars = Array.from({ length: GROUP * 2 }, () => ALPHABET[randomInt(ALPHABET.length)]!);
  return `${chars.slice(0, GROUP).join('')}-${chars.slice(GROUP).join('')}`;
}

/** How a code is compared: case, spaces and dashes do not matter to a learner typing it. */
export function normaliseJoinCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export function newInstructorToken(): string {
  return randomBytes(24).toString('base64url');
}

export function newLearnerSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** What the class keeps of a learner's secret: enough to recognise it, not to use it. */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
