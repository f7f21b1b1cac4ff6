// What the real engine offers the lab box, as `nslab doctor` reports it.
import { describe, expect, it } from 'vitest';
import { connectDocker } from '../../electron/env/docker/engine';
import { detectIsolation } from '../../electron/env/docker/isolation';

describe('detectIsolation on the real engine', () => {
  it('finds a box mode that starts, says why, and whether the box root is the host root', async () => {
    const facts = await detectIsolation(await connectDocker());
    process.stderr.write(`isolation: uses ${facts.uses} (${facts.why}); ${JSON.stringify(facts.modes)}; box root is host root: ${facts.boxRootIsHostRoot}\n`);
    expect(facts.seccompSupported).toBe(true);
    expect(facts.modes.confined.trial).toBe('starts');
    expect(facts.uses).toBeDefined();
    expect(facts.why.length).toBeGreaterThan(0);
    if (!facts.runtimes.includes('sysbox-runc')) expect(facts.modes.sysbox.trial).toBe('not tried');
    if (facts.uses === 'confined') expect(facts.boxRootIsHostRoot).toBe(!facts.usernsRemap && !facts.rootless);
  });
});
