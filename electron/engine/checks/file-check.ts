// file.content: reads a file in the environment, at most FILE_CHECK_MAX_BYTES of
// it. A learner's file can be anything (a 1.5 GB sparse file, /dev/zero): the
// check reads what a person could compare, and says so when it stopped early.
import type { Check } from '../../shared/lab';
import type { LabEnvironment } from '../environment';
import type { Verdict } from './namespace-checks';
import { describeExpectation, quote, textMatches } from './text';

export const FILE_CHECK_MAX_BYTES = 1024 * 1024;

export async function fileContent(check: Extract<Check, { check: 'file.content' }>, env: LabEnvironment): Promise<Verdict> {
  // The path travels as an environment variable, never as part of the script:
  // no quoting to get wrong. One byte over the cap tells a longer file.
  const read = await env.exec('head -c "$NSLAB_READ_BYTES" -- "$NSLAB_CHECK_PATH"', {
    timeoutMs: 10_000,
    env: [`NSLAB_CHECK_PATH=${check.path}`, `NSLAB_READ_BYTES=${FILE_CHECK_MAX_BYTES + 1}`],
  });
  const expected = `${check.path} to contain ${describeExpectation(check)}`;
  if (read.exitCode !== 0) {
    const reason = read.stderr.trim().split(': ').pop();
    return { pass: false, expected, found: `it cannot be read${reason ? ` (${reason})` : ''}` };
  }
  const bytes = Buffer.from(read.stdout, 'utf8');
  if (bytes.length <= FILE_CHECK_MAX_BYTES) return { pass: textMatches(read.stdout, check), expected, found: `it contains ${quote(read.stdout)}` };
  const head = bytes.subarray(0, FILE_CHECK_MAX_BYTES).toString('utf8');
  return {
    pass: textMatches(head, check),
    expected,
    found: `it is larger than ${FILE_CHECK_MAX_BYTES} bytes, so only its first ${FILE_CHECK_MAX_BYTES} were read; they begin ${quote(head)}`,
  };
}
