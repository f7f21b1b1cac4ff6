import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nsRelation, processExists, utsHostname } from '../../electron/engine/checks/namespace-checks';
import { parseNamespaceProbe } from '../../electron/probes/ns/parse';
import { CheckSchema, type Check } from '../../electron/shared/lab';

const snapshot = parseNamespaceProbe(readFileSync(new URL('../fixtures/ns/box-with-nested-namespaces.txt', import.meta.url), 'utf8'));
const check = <K extends Check['check']>(value: Record<string, unknown> & { check: K }) => CheckSchema.parse(value) as Extract<Check, { check: K }>;

describe('namespace checks over a real snapshot', () => {
  it('ns.differs passes when one matching process left the init namespace', () => {
    const v = nsRelation(check({ check: 'ns.differs', type: 'uts', process: { command: '^sleep 1000' } }), snapshot);
    expect(v.pass).toBe(true);
    expect(v.found).toContain('uts:[4026532401]');
  });

  it('ns.differs fails with expected vs. found naming the shared inode', () => {
    const v = nsRelation(check({ check: 'ns.differs', type: 'net', process: { command: '^sleep 1000' } }), snapshot);
    expect(v.pass).toBe(false);
    expect(v.expected).toContain('other than net:[4026532330]');
    expect(v.found).toBe("pid 17 (PID 3 inside) `sleep 1000` is in net:[4026532330], the same as the box's init (PID 1)");
  });

  it('ns.same compares against another selected process', () => {
    const same = check({ check: 'ns.same', type: 'pid', process: { command: '^sleep 1000' }, as: { innerPid: 1, command: '^sh' } });
    expect(nsRelation(same, snapshot).pass).toBe(true);
    const other = check({ check: 'ns.same', type: 'pid', process: { command: '^sleep 999' }, as: { innerPid: 1, command: '^sh' } });
    expect(nsRelation(other, snapshot)).toMatchObject({ pass: false, found: expect.stringContaining('pid 25 `sleep 999` is in pid:[4026532329]') });
  });

  it('says when no process matches', () => {
    const v = nsRelation(check({ check: 'ns.differs', type: 'uts', process: { command: '^bash' } }), snapshot);
    expect(v).toMatchObject({ pass: false, found: 'no process matching /^bash/ is running' });
  });

  it('process.exists counts matches within bounds', () => {
    expect(processExists(check({ check: 'process.exists', process: { innerPid: 1, command: '^sh' } }), snapshot).pass).toBe(true);
    const tooMany = processExists(check({ check: 'process.exists', process: { command: '^sleep' }, max: 1 }), snapshot);
    expect(tooMany.pass).toBe(false);
    expect(tooMany.found).toMatch(/^4: /);
  });

  it('uts.hostname reads the hostname of the process own UTS namespace', () => {
    expect(utsHostname(check({ check: 'uts.hostname', process: { command: '^sleep 1000' }, equals: 'lab-a' }), snapshot).pass).toBe(true);
    const init = utsHostname(check({ check: 'uts.hostname', process: 'init', equals: 'lab-a' }), snapshot);
    expect(init).toMatchObject({ pass: false, found: 'it sees "nslab-box"' });
  });
});
