// The guest's boot as its serial console told it (captured: a TCG boot on the
// build machine, under load, of the initrd that slept through rootdelay=300).
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { BOOT_MILESTONE_COUNT, furthestMilestone, kvmBootSucceeded } from '../../electron/env/guest/boot-log';

const console = readFileSync(new URL('../fixtures/guest/console-tcg-boot.txt', import.meta.url), 'utf8');
const upTo = (text: string) => console.slice(0, console.indexOf(text));

it('follows the boot milestone by milestone, to the login prompt', () => {
  expect(furthestMilestone(console.slice(0, 200))).toMatchObject({ step: 1, title: 'kernel started' });
  expect(furthestMilestone(upTo('systemd[1]: systemd 252'))).toMatchObject({ step: 2, title: 'initrd running' });
  expect(furthestMilestone(upTo('Reached target \x1b[0;1;39mbasic.target'))).toMatchObject({ step: 3, title: 'systemd started' });
  expect(furthestMilestone(upTo('Starting \x1b[0;1;39mssh.service'))).toMatchObject({ step: 4, title: 'basic system up' });
  expect(furthestMilestone(upTo('nslab-guest login:'))).toMatchObject({ step: 5, title: 'sshd started' });
  expect(furthestMilestone(console)).toEqual({ step: BOOT_MILESTONE_COUNT, title: 'login prompt' });
});

it('counts a KVM boot as one that reached user space, and a kernel stopped before it as none', () => {
  expect(kvmBootSucceeded(console)).toBe(true);
  expect(kvmBootSucceeded(upTo('Freeing unused kernel image'))).toBe(false);
});
