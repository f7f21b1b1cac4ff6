// The app's service under plain Node with real parts: a real lab box, real
// PTYs (node-pty running `docker exec`), real probes feeding panel events.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NslabService } from '../../electron/app/nslab-service';
import { connectDocker } from '../../electron/env/docker/engine';
import type { NslabEvent } from '../../electron/shared/api';
import type { NamespaceSnapshot } from '../../electron/shared/snapshots';
import { REPO_ROOT } from '../helpers/cli';
import { until } from '../helpers/until';

const LAB = 'uts-namespace';
const scratch = mkdtempSync(join(tmpdir(), 'nslab-service-'));
const progressFile = join(scratch, 'progress.json');
let service: NslabService;
const events: NslabEvent[] = [];

function output(terminalId: string): string {
  return events.flatMap((e) => (e.type === 'terminal-data' && e.terminalId === terminalId ? [e.data] : [])).join('');
}

beforeAll(() => {
  service = new NslabService({ labsDir: join(REPO_ROOT, 'labs'), progressFile });
  service.onEvent((e) => events.push(e));
});
afterAll(async () => {
  await service?.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

describe('NslabService with a real lab box', () => {
  let terminalId: string;

  it('starts the lab, announcing it as it goes', async () => {
    const session = await service.startLab(LAB);
    expect(session.status).toBe('ready');
    expect(events.some((e) => e.type === 'session' && e.session.status === 'starting')).toBe(true);
    expect(await service.startLab(LAB)).toMatchObject({ sessionId: session.sessionId });
  });

  it('opens a terminal whose PTY size follows the panel', async () => {
    ({ terminal: { id: terminalId } } = await service.openTerminal(LAB, 0, 100, 30));
    await service.writeTerminal(terminalId, 'stty size\r');
    await until('stty to print 30 100', () => (output(terminalId).includes('30 100') ? true : undefined));
    await service.resizeTerminal(terminalId, 132, 43);
    // docker exec relays the new size on SIGWINCH, a moment later: ask until it shows.
    await until(
      'stty to print 43 132',
      () => {
        if (output(terminalId).includes("43 132")) return true;
        void service.writeTerminal(terminalId, 'stty size\r');
        return undefined;
      },
      10_000,
      500,
    );
  });

  it('pushes a namespaces panel change when the learner unshares', async () => {
    const first = await service.watchPanels(LAB);
    const initUts = first.namespaces!.processes.find((p) => p.pid === 1)!.namespaces.uts;
    await service.writeTerminal(terminalId, 'unshare --uts bash\r');
    const changed = await until('a panel event with a second UTS namespace', () =>
      events.find(
        (e): e is Extract<NslabEvent, { type: 'panel' }> =>
          e.type === 'panel' &&
          e.panel === 'namespaces' &&
          (e.snapshot as NamespaceSnapshot).processes.some((p) => p.command === 'bash' && p.namespaces.uts !== initUts),
      ),
    );
    expect(changed.labId).toBe(LAB);
  });

  it('checks a step against the live box and remembers progress atomically', async () => {
    await service.writeTerminal(terminalId, 'hostname lab-a\r');
    const grade = await service.checkStep(LAB, 'set-hostname');
    expect(grade.checks.map((c) => c.status)).toEqual(['pass', 'pass']);
    expect((await service.getProgress())[LAB]?.steps['set-hostname']?.passed).toBe(true);
    const failing = await service.checkStep(LAB, 'leave');
    expect(failing.status).toBe('fail');
    expect(failing.checks[0]?.found).toContain('cannot be read');
  });

  it('reveals hints one by one and the solution on demand, and remembers them', async () => {
    expect(await service.revealHint(LAB, 'look-around')).toHaveLength(1);
    expect(await service.revealHint(LAB, 'look-around')).toHaveLength(2);
    expect(await service.revealHint(LAB, 'look-around')).toHaveLength(2);
    expect(await service.revealSolution(LAB, 'look-around')).toContain('hostname > /lab/hostname-before');
    const help = await new NslabService({ labsDir: join(REPO_ROOT, 'labs'), progressFile }).revealedHelp(LAB, 'look-around');
    expect(help.hints).toHaveLength(2);
    expect(help.solution).toBeDefined();
  });

  it('reopens a terminal whose shell died, with the old output kept', async () => {
    await service.writeTerminal(terminalId, 'exit\rexit\r');
    await until('the terminal to exit', () => events.find((e) => e.type === 'terminal-exit' && e.terminalId === terminalId));
    const reopened = await service.openTerminal(LAB, 0, 100, 30);
    expect(reopened.terminal.id).not.toBe(terminalId);
    expect(reopened.terminal.alive).toBe(true);
    expect(reopened.scrollback).toContain('hostname lab-a');
    expect(reopened.scrollback).toContain('the shell ended');
  });

  it('resets to a clean box and clears the lab progress', async () => {
    const before = await service.startLab(LAB);
    const after = await service.resetLab(LAB);
    expect(after.status).toBe('ready');
    expect(after.environment).not.toBe(before.environment);
    expect((await service.getProgress())[LAB]).toBeUndefined();
  });

  it('leaves no container behind when disposed, the probe beside the box included', async () => {
    const docker = await connectDocker();
    // By session: other tests may run boxes of the same lab meanwhile.
    const filters = { label: [`nslab.session=${(await service.startLab(LAB)).sessionId}`] };
    expect(await docker.listContainers({ filters })).toHaveLength(2);
    await service.dispose();
    expect(await docker.listContainers({ all: true, filters })).toHaveLength(0);
  });
});
