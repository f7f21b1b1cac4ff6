// Where a folder of submissions is graded. Each submission is typed as root
// into a lab box; on an engine where the box's root is the host's root (no
// sysbox, no userns-remap, not rootless), a determined submission can reach the
// host (README: Security). So by default they are graded on the nslab guest: the
// running one, or one booted now where QEMU is here. Otherwise nslab refuses,
// unless --trust-submissions says this machine may run them (a throwaway CI runner).
import Docker from 'dockerode';
import { readEngineSecurity } from '../env/docker/isolation';
import { EnvironmentError } from '../env/errors';
import { GuestVm } from '../env/guest';
import { findOnPath } from '../env/kind/kind-tools';
import { PACKAGE_ROOT } from './package-root';

export interface SubmissionsEngine {
  /** set DOCKER_HOST to this for the grading; undefined: the engine already in use */
  dockerHost?: string;
  /** said before grading: where, and why there */
  description: string;
}

export async function submissionsEngine(trusted: boolean, say: (line: string) => void): Promise<SubmissionsEngine> {
  const guest = new GuestVm();
  const running = await guest.status();
  if (running.running && running.state) {
    const inUse = process.env.DOCKER_HOST === running.state.dockerHost;
    return { ...(inUse ? {} : { dockerHost: running.state.dockerHost }), description: 'the nslab guest VM (submissions cannot reach this host)' };
  }
  if (trusted) return { description: 'this engine, as --trust-submissions says' };
  const security = await readEngineSecurity(new Docker()).catch(() => undefined);
  if (security && (security.runtimes.includes('sysbox-runc') || security.usernsRemap || security.rootless)) {
    return { description: "this engine: a box's root is not the host's root here" };
  }
  if (findOnPath('qemu-system-x86_64', process.env.PATH ?? '')) {
    say('grading untrusted submissions on the nslab guest VM: booting it (nslab guest down stops it)');
    const state = await guest.up({ packageRoot: PACKAGE_ROOT, onProgress: (line) => say(`guest: ${line}`) });
    return { dockerHost: state.dockerHost, description: 'the nslab guest VM (submissions cannot reach this host)' };
  }
  throw new EnvironmentError(
    "A folder of submissions is untrusted code, typed as root into lab boxes, and on this engine a box's root is the host's root.",
    'Install QEMU (then nslab grades on its guest VM by itself), run `nslab guest up` first, or pass --trust-submissions where this machine may run them (a throwaway CI runner).',
  );
}
