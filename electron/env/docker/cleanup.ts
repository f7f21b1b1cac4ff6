// Finds and removes everything nslab left on the engine, by label.
import type Docker from 'dockerode';
import { labelFilter } from './labels';

export interface CleanupReport {
  containers: string[];
  volumes: string[];
  networks: string[];
}

export async function findLeftovers(docker: Docker, sessionId?: string): Promise<CleanupReport> {
  const filters = labelFilter(sessionId);
  const [containers, volumes, networks] = await Promise.all([
    docker.listContainers({ all: true, filters }),
    docker.listVolumes({ filters }),
    docker.listNetworks({ filters }),
  ]);
  return {
    containers: containers.map((c) => c.Names[0]?.replace(/^\//, '') ?? c.Id),
    volumes: (volumes.Volumes ?? []).map((v) => v.Name),
    networks: networks.map((n) => n.Name),
  };
}

/** Removes containers first: a volume or network in use cannot go. */
export async function removeLeftovers(docker: Docker, sessionId?: string): Promise<CleanupReport> {
  const found = await findLeftovers(docker, sessionId);
  const ignoreGone = (error: { statusCode?: number }) => {
    if (error.statusCode !== 404) throw error;
  };
  await Promise.all(found.containers.map((name) => docker.getContainer(name).remove({ force: true, v: true }).catch(ignoreGone)));
  await Promise.all(found.volumes.map((name) => docker.getVolume(name).remove().catch(ignoreGone)));
  await Promise.all(found.networks.map((name) => docker.getNetwork(name).remove().catch(ignoreGone)));
  return found;
}
