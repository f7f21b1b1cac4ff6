import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { processExited } from '../../electron/engine/checks/process-exit-checks';
import { processStatus, stateName } from '../../electron/engine/checks/process-checks';
import { parseNamespaceProbe } from '../../electron/probes/ns/parse';
import { CheckSchema, type Check } from '../../electron/shared/lab';

// A real reading of the probe agent, taken in the middle of the pid-namespace-init lab (see the fixture's README).
const snapshot = parseNamespaceProbe(readFileSync(new URL('../fixtures/ns/pid-namespace-init.txt', import.meta.url), 'utf8'));
const check = (value: Record<string, unknown>) => CheckSchema.parse({ check: 'process.status', ...value }) as Extract<Check, { check: 'process.status' }>;
const INIT = { command: '^sleep 3600$', innerPid: 1 };

describe('process.status over a real reading', () => {
  it('reads the State letter of each process', () => {
    expect(snapshot.processes.find((p) => p.command === 'sleep 3600')?.state).toBe('S');
    expect(snapshot.processes.find((p) => p.command === 'sleep 1000')?.state).toBe('T');
    expect(stateName('Z')).toBe('zombie');
    expect(stateName(undefined)).toBe('an unknown state');
  });

  it('finds an orphan whose parent is the namespace init, a zombie by name alone', () => {
    const v = processStatus(check({ process: { name: '^sleep$' }, state: ['zombie'], parent: INIT }), snapshot);
    expect(v).toMatchObject({ pass: true, found: expect.stringContaining('is zombie, its parent is pid 32 (PID 1 inside) `sleep 3600`') });
  });

  it("names the parent it found: the shell's child is not adopted", () => {
    const v = processStatus(check({ process: { command: '^sleep 1000$' }, parent: INIT }), snapshot);
    expect(v.pass).toBe(false);
    expect(v.found).toBe('pid 53 (PID 8 inside) `sleep 1000` its parent is pid 47 (PID 2 inside) `-sh`');
  });

  it('tells a stopped process from a sleeping one', () => {
    expect(processStatus(check({ process: { command: '^sleep 1000$' }, state: ['sleeping', 'disk-sleep'] }), snapshot)).toMatchObject({
      pass: false,
      found: expect.stringContaining('is stopped'),
    });
    expect(processStatus(check({ process: { command: '^sleep 1000$' }, state: ['stopped'] }), snapshot).pass).toBe(true);
  });

  it("with a cgroup, looks only at that cgroup's members, however they got there", () => {
    const stopped = snapshot.processes.find((p) => p.command === 'sleep 1000')!.pid;
    const sleeping = snapshot.processes.find((p) => p.command === 'sleep 3600')!.pid;
    const any = check({ process: { command: '.' }, cgroup: '/lab-b', state: ['sleeping', 'disk-sleep'] });
    expect(processStatus(any, snapshot, { pids: [sleeping], label: 'cgroup /lab-b' })).toMatchObject({ pass: true });
    expect(processStatus(any, snapshot, { pids: [stopped], label: 'cgroup /lab-b' })).toMatchObject({ pass: false, found: expect.stringContaining('is stopped') });
    expect(processStatus(any, snapshot, { pids: [], label: 'cgroup /lab-b' })).toMatchObject({ pass: false, found: expect.stringContaining('in cgroup /lab-b (its members: none)') });
    expect(processStatus(any, snapshot, { missing: 'there is no cgroup /lab-b' })).toMatchObject({ pass: false, found: 'there is no cgroup /lab-b' });
  });

  it('counts nested PID namespaces from NSpid', () => {
    expect(processStatus(check({ process: { command: '^sleep 3700$' }, pidDepth: 3 }), snapshot).pass).toBe(true);
    const v = processStatus(check({ process: INIT, pidDepth: 3 }), snapshot);
    expect(v).toMatchObject({ pass: false, found: 'pid 32 (PID 1 inside) `sleep 3600` NSpid 32 1 (2 PID namespaces)' });
  });

  it('says when no process matches, or no parent does', () => {
    expect(processStatus(check({ process: { command: '^nothing$' }, state: ['running'] }), snapshot).found).toBe('no process matching /^nothing$/ is running');
    expect(processStatus(check({ process: { command: '^sleep 1000$' }, parent: { command: '^nothing$' } }), snapshot).found).toContain(
      'so nothing can be its parent',
    );
  });

  it('refuses a check that asks nothing', () => {
    expect(CheckSchema.safeParse({ check: 'process.status', process: INIT }).success).toBe(false);
  });
});

// Real readings of the probe agent after the middle init of two nested PID
// namespaces was killed (cascade), or after the nested init was killed first, by hand (alone).
const exits = (name: string) => parseNamespaceProbe(readFileSync(new URL(`../fixtures/ns/${name}.txt`, import.meta.url), 'utf8'));
const exitedCheck = (value: Record<string, unknown>) => CheckSchema.parse({ check: 'process.exited', ...value }) as Extract<Check, { check: 'process.exited' }>;
const MIDDLE = exitedCheck({ process: { command: '^sleep 3600$', innerPid: 1 }, tookWith: { command: '^sleep 3700$', innerPid: 1 } });

describe('process.exited over real exit records', () => {
  it('reads each exit as last seen, with the namespace whose ending init took it', () => {
    const cascade = exits('pid-namespace-exits-cascade');
    const middle = cascade.exited!.find((e) => e.process.command === 'sleep 3600')!;
    const nested = cascade.exited!.find((e) => e.process.command === 'sleep 3700')!;
    expect(middle.endedWith).toBeUndefined();
    expect(nested.process.nspid).toHaveLength(3);
    expect(nested.endedWith).toBe(middle.process.namespaces.pid);
    expect(cascade.processes.some((p) => p.command.startsWith('sleep 3'))).toBe(false);
  });

  it('passes when the nested init died with the middle namespace', () => {
    expect(processExited(MIDDLE, exits('pid-namespace-exits-cascade'))).toMatchObject({ pass: true, found: expect.stringContaining('died as its PID namespace') });
  });

  it('fails the same end state reached by killing the nested init first, saying so', () => {
    const v = processExited(MIDDLE, exits('pid-namespace-exits-alone'));
    expect(v.pass).toBe(false);
    expect(v.found).toMatch(/`sleep 3700`, NSpid \d+ \d+ 1 died while every init above it still ran: it was killed on its own/);
  });

  it('reads exits no agent saw as unseen, and records that began late', () => {
    const unseen = exits('pid-namespace-exits-unseen');
    expect(unseen.exited!.map((e) => [e.process.command, e.unseen, e.endedWith])).toEqual([
      ['sleep 3600', true, undefined],
      ['unshare --pid --fork --mount-proc sleep 3700', true, undefined],
      ['sleep 3700', true, undefined],
    ]);
    expect(unseen.exitsBegunLate).toBeUndefined();
    expect(exits('pid-namespace-exits-late').exitsBegunLate).toBe(true);
  });

  it('fails without blaming the learner when no agent saw how the nested init died', () => {
    const v = processExited(MIDDLE, exits('pid-namespace-exits-unseen'));
    expect(v).toMatchObject({ pass: false, unknown: true });
    expect(v.found).toMatch(/^nslab did not see how pid \d+ \(PID 1 inside\) `sleep 3700`, NSpid \d+ \d+ 1 died: no probe agent was running then/);
    // That it died is known: a check without tookWith passes on it.
    expect(processExited(exitedCheck({ process: { command: '^sleep 3600$' } }), exits('pid-namespace-exits-unseen')).pass).toBe(true);
  });

  it('says it cannot know, rather than that nothing died, when its records began late', () => {
    const late = exits('pid-namespace-exits-late');
    expect(processExited(exitedCheck({ process: { command: '^sleep 4242$' } }), late)).toMatchObject({
      pass: false,
      unknown: true,
      found: expect.stringMatching(/^nslab did not see any process matching \/\^sleep 4242\$\/ exit: it began watching this box after the learner had worked in it/),
    });
    expect(processExited(exitedCheck({ process: { command: '^sleep 3600$' } }), late)).toMatchObject({ pass: false, found: expect.stringContaining('it still runs') });
    expect(processExited(exitedCheck({ process: { command: '^sleep 3600$' } }), late).unknown).toBeUndefined();
  });

  it('says what still runs, or that nothing was seen to die', () => {
    expect(processExited(exitedCheck({ process: { command: '^sleep 3600$' } }), snapshot)).toMatchObject({ pass: false, found: expect.stringContaining('it still runs: pid 32') });
    expect(processExited(exitedCheck({ process: { command: '^sleep 4242$' } }), snapshot)).toMatchObject({ pass: false, found: 'the probe saw no process matching /^sleep 4242$/ die' });
  });
});
