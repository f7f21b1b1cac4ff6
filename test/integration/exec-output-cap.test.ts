// What a command in the box prints is the learner's to choose: a script check
// whose command ends up printing without end (`yes`, a 1 GB file) keeps only the
// first MAX_EXEC_OUTPUT bytes in the grader, and says it cut the rest.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LabBox } from '../../electron/env/docker/box';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import { MAX_EXEC_OUTPUT } from '../../electron/env/exec-bounds';

let box: LabBox;
beforeAll(async () => {
  box = await LabBox.create(await connectDocker(), { image: DEFAULT_BOX_IMAGE, labId: 'exec-output-cap', hostname: 'nslab-box' });
});
afterAll(async () => box?.dispose());

it('keeps the first bytes of a flood of output and says how much it dropped', { timeout: 120_000 }, async () => {
  const result = await box.exec(`head -c ${3 * MAX_EXEC_OUTPUT} /dev/zero | tr '\\0' x; echo done >&2`, { timeoutMs: 60_000 });
  expect(result.exitCode).toBe(0);
  expect(result.stdout.startsWith('x'.repeat(1000))).toBe(true);
  expect(result.stdout).toContain(`[nslab: output cut after ${MAX_EXEC_OUTPUT} bytes; ${2 * MAX_EXEC_OUTPUT} more not kept]`);
  expect(result.stdout.length).toBeLessThan(MAX_EXEC_OUTPUT + 200);
  expect(result.stderr).toBe('done\n');
});
