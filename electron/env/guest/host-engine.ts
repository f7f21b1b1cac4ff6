// This machine's own engine while DOCKER_HOST names the nslab guest's. A
// container that bind-mounts a file of this machine (the Kubernetes tools box
// mounts its API relay's unix socket, env/kube/api-relay.ts) cannot run on the
// guest's engine: that engine sees the guest's files. It runs here instead, and
// cleanup sweeps this engine too.
import Docker from 'dockerode';
import { connectDocker, LOCAL_ENGINE_SOCKET } from '../docker/engine';
import { EnvironmentError } from '../errors';
import { guestEngineInUse } from './guest-forward';

/** The engine for containers that mount this machine's files: DOCKER_HOST's, unless that is the guest's. */
export async function engineForHostMounts(): Promise<Docker> {
  if (!(await guestEngineInUse())) return connectDocker();
  try {
    return await connectDocker({ socketPath: LOCAL_ENGINE_SOCKET });
  } catch (error) {
    throw new EnvironmentError(
      `DOCKER_HOST names the nslab guest, and the Kubernetes tools box cannot run there (it mounts a socket of this machine); no engine of this machine answers at ${LOCAL_ENGINE_SOCKET} either (${(error as Error).message}).`,
      'Start Docker on this machine for the Kubernetes labs, or unset DOCKER_HOST.',
    );
  }
}

/** This machine's own engine when DOCKER_HOST names the guest and this one answers; else undefined. */
export async function hostEngineBesideGuest(): Promise<Docker | undefined> {
  if (!(await guestEngineInUse())) return undefined;
  const docker = new Docker({ socketPath: LOCAL_ENGINE_SOCKET });
  try {
    await docker.ping();
    return docker;
  } catch {
    return undefined;
  }
}
