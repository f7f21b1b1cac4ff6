// The bounds both backends' execs share (the Docker engine's, the API server's
// into a pod): test/integration/exec-output-cap.test.ts proves them through a
// real box; these pin the pieces themselves.
import { finished } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { boundedScript, collectOutput, MAX_EXEC_OUTPUT, ranOutOfTime, streamGuardMs } from '../../electron/env/exec-bounds';
import { PROBE_NAME } from '../../electron/engine/environment';

describe('exec bounds', () => {
  it("runs the script under the box's own timeout, in whole seconds and at least one, named as a probe", () => {
    expect(boundedScript('echo hi', 30_000)).toEqual(['timeout', '-s', 'KILL', '30', 'sh', '-c', 'echo hi', PROBE_NAME]);
    expect(boundedScript('true', 1_500)[3]).toBe('2');
    expect(boundedScript('true', 0)[3]).toBe('1');
  });

  it("counts a script killed by the box's timeout, or a stream the caller gave up on after the box's timeout, as out of time", () => {
    expect(ranOutOfTime(137, false)).toBe(true);
    expect(ranOutOfTime(-1, true)).toBe(true);
    expect(ranOutOfTime(1, false)).toBe(false);
    expect(streamGuardMs(30_000)).toBeGreaterThan(30_000);
  });

  it('keeps the first MAX_EXEC_OUTPUT bytes across chunks and says how many it dropped', async () => {
    const output = collectOutput();
    const chunk = Buffer.alloc(MAX_EXEC_OUTPUT / 2 + 10, 'x');
    output.sink.write(chunk);
    output.sink.write(chunk);
    output.sink.end(Buffer.from('tail'));
    await finished(output.sink);
    const text = output.text();
    expect(text.startsWith('x'.repeat(MAX_EXEC_OUTPUT))).toBe(true);
    expect(text).not.toContain('tail');
    expect(text.slice(MAX_EXEC_OUTPUT)).toBe(`\n[nslab: output cut after ${MAX_EXEC_OUTPUT} bytes; ${20 + 4} more not kept]\n`);
  });

  it('adds nothing to output within the cap', async () => {
    const output = collectOutput();
    output.sink.end('short\n');
    await finished(output.sink);
    expect(output.text()).toBe('short\n');
  });
});
