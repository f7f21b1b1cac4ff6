// Connecting to the Docker engine and finding the lab box image, with errors
// that say what is missing and how to get it.
import Docker from 'dockerode';
import { EnvironmentError } from '../errors';

export const DEFAULT_BOX_IMAGE = 'nslab/box:1';

function engineAddress(): string {
  return process.env.DOCKER_HOST ?? '/var/run/docker.sock';
}

export async function connectDocker(): Promise<Docker> {
  const docker = new Docker();
  try {
    await docker.ping();
  } catch (error) {
    throw new EnvironmentError(
      `No Docker engine answers at ${engineAddress()} (${(error as Error).message}).`,
      'Start Docker (Docker Desktop, or `sudo systemctl start docker`; on Debian without it: `apt-get install docker.io`), or set DOCKER_HOST.',
    );
  }
  return docker;
}

export async function ensureImage(docker: Docker, image: string): Promise<void> {
  try {
    await docker.getImage(image).inspect();
  } catch {
    const fix =
      image === DEFAULT_BOX_IMAGE
        ? `Build it: \`npm run box:offline\` (Debian packages, no registry needed) or \`docker build -t ${image} labs/images/box\`.`
        : `Pull or build ${image} on this engine first.`;
    throw new EnvironmentError(`The image ${image} is not on the Docker engine at ${engineAddress()}.`, fix);
  }
}
