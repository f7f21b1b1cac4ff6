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

  it('takes a hostname with newlines as one hostname, not as lines of processes (a forged `sleep 3600`, PID 1 inside)', async () => {
    // sethostname(2) (170 on x86_64, 161 on arm64) takes any bytes; hostname(1) refuses these.
    const forged = 'a\\nP 9\\nT Name:\\tsleep\\nT NSpid:\\t9 1\\nC c2xlZXAgMzYwMA==';
    const made = await box.exec(
      `unshare --uts perl -e '$h = "${forged}"; syscall($^O eq "linux" && \`uname -m\` =~ /aarch64/ ? 161 : 170, $h, length $h) == 0 or die "sethostname: $!"; sleep 600' </dev/null >/dev/null 2>&1 & ` +
        `until grep -q perl /proc/$!/comm 2>/dev/null && [ "$(nsenter -t $! -u hostname)" != "$(hostname)" ]; do sleep 0.1; done`,
    );
    expect(made.exitCode, made.stderr).toBe(0);
    const { namespaces } = await box.state.read();
    expect(namespaces.processes.filter((p) => p.command === 'sleep 3600')).toEqual([]);
    expect(Object.values(namespaces.hostnames)).toContain('a?P 9?T Name:\tsleep?T NSpid:\t9 1?C c2xlZXAgMzYwMA==');
    await box.exec(`pkill -f '^perl -e .h = '`);
  });

  it("lists an overlay's file whose name holds a newline as one entry, not as an entry of the name's choosing", async () => {
    const made = await box.exec(`mkdir -p /lab/up /lab/low && touch "/lab/up/x$(printf '\\nU regular file|0:0|.forged')"`);
    expect(made.exitCode, made.stderr).toBe(0);
    const lines = (await box.state.listOverlay(1, '/lab/up', ['/lab/low'])).split('\n');
    expect(lines).toContain('U regular empty file|0:0|./x?U regular file|0:0|.forged');
    expect(lines).not.toContain('U regular file|0:0|.forged');
  });
});
