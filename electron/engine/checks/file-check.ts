// file.content: reads a file of the box through the probe beside it (never the
// box's own tools), at most FILE_CHECK_MAX_BYTES of it. A learner's file can be
// anything (a 1.5 GB sparse file, /dev/zero, a FIFO): the check reads what a
// person could compare, and says so when it stopped early.
import type { Check } from '../../shared/lab';
import type { BoxState } from '../environment';
import type { Verdict } from './namespace-checks';
import { describeExpectation, quote, textMatches } from './text';

export const FILE_CHECK_MAX_BYTES = 1024 * 1024;

export async function fileContent(check: Extract<Check, { check: 'file.content' }>, state: BoxState): Promise<Verdict> {
  // One byte over the cap tells a longer file.
  const read = await state.readFile(check.path, FILE_CHECK_MAX_BYTES + 1);
  const expected = `${check.path} to contain ${describeExpectation(check)}`;
  if ('error' in read) return { pass: false, expected, found: `it cannot be read (${read.error})` };
  const bytes = Buffer.from(read.text, 'utf8');
  if (bytes.length <= FILE_CHECK_MAX_BYTES) return { pass: textMatches(read.text, check), expected, found: `it contains ${quote(read.text)}` };
  const head = bytes.subarray(0, FILE_CHECK_MAX_BYTES).toString('utf8');
  return {
    pass: textMatches(head, check),
    expected,
    found: `it is larger than ${FILE_CHECK_MAX_BYTES} bytes, so only its first ${FILE_CHECK_MAX_BYTES} were read; they begin ${quote(head)}`,
  };
}
