// What this machine offers the labs: the engine, the box image, the cgroup
// version; each with what to do when it is missing.
import type Docker from 'dockerode';
import type { RequirementStatus } from '../shared/api';
import { connectDocker, LAB_IMAGES, missingImageError } from './docker/engine';
import { presentLabImages } from './docker/images';
import { EnvironmentError } from './errors';

export class EnvironmentStatusService {
  constructor(private readonly connect: () => Promise<Docker> = connectDocker) {}

  async status(): Promise<RequirementStatus[]> {
    let docker: Docker;
    try {
      docker = await this.connect();
    } catch (error) {
      return [unmet('docker', error), ...Object.values(LAB_IMAGES).map((image) => ({ requirement: image, met: false, detail: 'needs the Docker engine first' }))];
    }
    const info = (await docker.info()) as { ServerVersion?: string; CgroupVersion?: string };
    const engine: RequirementStatus = {
      requirement: 'docker',
      met: true,
      detail: `Docker ${info.ServerVersion ?? '?'}, cgroup v${info.CgroupVersion ?? '?'}`,
    };
    const present = await presentLabImages(docker);
    const images = Object.values(LAB_IMAGES).map((image): RequirementStatus =>
      present.has(image) ? { requirement: image, met: true, detail: 'image present' } : unmet(image, missingImageError(image)),
    );
    return [engine, ...images];
  }
}

function unmet(requirement: string, error: unknown): RequirementStatus {
  if (!(error instanceof EnvironmentError)) throw error;
  return { requirement, met: false, detail: error.message, fix: error.fix };
}
