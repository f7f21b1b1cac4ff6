// What the Docker engine really allows, learned by trying rather than by
// reading its version: a throwaway box of each mode (isolation.ts, the same
// plan LabBox follows), and one ordinary container that reports the cgroup
// controllers a box can use.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import { DEFAULT_BOX_IMAGE } from '../docker/engine';
import { detectIsolation, parseEngineSecurity, type IsolationFacts } from '../docker/isolation';
import { collectOutput } from '../exec-bounds';
import { sessionLabels } from '../docker/labels';
import { CONTROLLERS_PROBE, parseControllers } from './cgroup-controllers';

export interface EngineProbe {
  version: string;
  cgroupDriver?: string;
  cgroupVersion?: '1' | '2';
  /** undefined: not tried, the box image is missing */
  isolation?: IsolationFacts;
  controllers?: { version: '1' | '2'; controllers: string[] };
}

/** @param images the lab images the engine has (presentLabImages): the trials need the box image */
export async function probeEngine(docker: Docker, images: ReadonlySet<string>): Promise<EngineProbe> {
  // One `docker info` serves the version line and the isolation trials.
  const info = (await docker.info()) as { ServerVersion?: string; CgroupDriver?: string; CgroupVersion?: string };
  const base: EngineProbe = {
    version: info.ServerVersion ?? '?',
    cgroupDriver: info.CgroupDriver,
    cgroupVersion: info.CgroupVersion === '1' || info.CgroupVersion === '2' ? info.CgroupVersion : undefined,
  };
  if (!images.has(DEFAULT_BOX_IMAGE)) return base;
  const [isolation, controllers] = await Promise.all([
    detectIsolation(docker, { engine: parseEngineSecurity(info) }),
    runThrowaway(docker, ['sh', '-c', CONTROLLERS_PROBE]).then(parseControllers, () => undefined),
  ]);
  return { ...base, isolation, controllers };
}

/** runc's reason without the layers of "failed to create shim task: OCI runtime create failed: ...". */
export function refusalReason(message: string): string {
  return /unable to (?!start container)[^:]+: [^:]+/.exec(message)?.[0] ?? message.split(': ').slice(-2).join(': ').trim();
}

/** Runs `cmd` to completion in a labelled, networkless box container (private cgroup namespace) and returns its stdout. */
async function runThrowaway(docker: Docker, cmd: string[]): Promise<string> {
  const container = await docker.createContainer({
    Image: DEFAULT_BOX_IMAGE,
    Entrypoint: [],
    Cmd: cmd,
    Labels: sessionLabels(`doctor-${randomBytes(4).toString('hex')}`, 'doctor'),
    HostConfig: { NetworkMode: 'none', CgroupnsMode: 'private' } as Docker.HostConfig,
  });
  try {
    await container.start();
    await container.wait();
    // The engine frames a non-TTY container's log (8-byte headers); docker-modem takes them apart.
    const stream = await container.logs({ stdout: true, stderr: false, follow: true });
    const stdout = collectOutput();
    container.modem.demuxStream(stream, stdout.sink, new PassThrough().resume());
    await finished(stream);
    return stdout.text();
  } finally {
    await container.remove({ force: true, v: true }).catch(() => undefined);
  }
}
