// What the guest's serial console says about how far it booted: progress for
// the learner while a slow (TCG) boot runs, and the verdict of the KVM probe.

export interface BootMilestone {
  /** position in the boot, 1..BOOT_MILESTONES.length */
  step: number;
  title: string;
}

const MILESTONES: { pattern: RegExp; title: string }[] = [
  { pattern: /Linux version /, title: 'kernel started' },
  { pattern: /Run \/init as init process|Freeing unused kernel image/, title: 'initrd running' },
  { pattern: /systemd\[1\]: .*(Detected virtualization|systemd \d+ running)|Welcome to /, title: 'systemd started' },
  { pattern: /Reached target .*(Basic System|basic\.target)/, title: 'basic system up' },
  { pattern: /Started .*(OpenBSD Secure Shell|ssh\.service)/, title: 'sshd started' },
  // After the login prompt systemd writes no more status to the console: the
  // engine's start is seen through ssh instead (`systemctl is-active docker`).
  { pattern: /login: /, title: 'login prompt' },
];

export const BOOT_MILESTONE_COUNT = MILESTONES.length;

/** The furthest milestone the console text shows, if any. */
export function furthestMilestone(consoleText: string): BootMilestone | undefined {
  let found: BootMilestone | undefined;
  MILESTONES.forEach(({ pattern, title }, i) => {
    if (pattern.test(consoleText)) found = { step: i + 1, title };
  });
  return found;
}

/**
 * KVM boots a guest when its kernel reaches user space within the probe's time.
 * On some hosts /dev/kvm exists but cannot run an ordinary kernel (seen: PVM,
 * a pagetable-based nested KVM that only boots kernels built as PVM guests; the
 * kernel stops after "Probing EDD"), so its presence proves nothing.
 */
export function kvmBootSucceeded(consoleText: string): boolean {
  return /Run \/init as init process|Freeing unused kernel image/.test(consoleText);
}
