// What a learner (root in the box) can make by the thousand, read by the probe
// agent beside the box: readings must still answer the checks and panels, and
// the host must not take all of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabBox } from '../../electron/env/docker/box';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';

let box: LabBox;

beforeAll(async () => {
  box = await LabBox.create(await connectDocker(), { image: DEFAULT_BOX_IMAGE, labId: 'probe-abuse', hostname: 'nslab-box' });
}, 120_000);
afterAll(async () => {
  await box?.dispose();
});

describe('the probe agent against a hostile box', () => {
  it('reads a box of a hundred processes with 600 KB command lines, each cut with an ellipsis', async () => {
    // 60 MB of command lines: read whole, every reading outlasted the 15 s a check waits.
    const made = await box.exec(
      `A=$(head -c 120000 /dev/zero | tr '\\0' a); for i in $(seq 100); do setsid perl -e 'sleep 600' $A $A $A $A $A </dev/null >/dev/null 2>&1 & done; while [ $(pgrep -c -f '^perl -e sleep 600') -lt 100 ]; do sleep 0.1; done`,
    );
    expect(made.exitCode, made.stderr).toBe(0);
    const reading = await box.state.read();
    const long = reading.namespaces.processes.filter((p) => p.command.startsWith('perl -e sleep 600 aaa'));
    expect(long).toHaveLength(100);
    for (const p of long) {
      expect(p.command).toMatch(/a …$/);
      expect(Buffer.byteLength(p.command)).toBeLessThanOrEqual(4096 + 4);
    }
    expect((await box.exec(`pkill -f '^perl -e sleep 600'`)).exitCode).toBe(0);
  });
});
