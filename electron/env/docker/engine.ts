// Connecting to the Docker engine and finding the lab box image, with errors
// that say what is missing and how to get it.
import Docker from 'dockerode';
import { EnvironmentError } from '../errors';

import packageJson from '../../../package.json';

/** Every image the labs run in, by the folder of labs/images that builds it. */
export const LAB_IMAGES: Readonly<Record<string, string>> = packageJson.nslab.images;
export const DEFAULT_BOX_IMAGE = packageJson.nslab.images.box;
/** Where a Kubernetes lab's terminals and script checks run (env/kube/tools-box.ts). */
export const KUBE_TOOLS_IMAGE = packageJson.nslab.images['kube-tools'];

/** This machine's own engine, where DOCKER_HOST names none. */
export const LOCAL_ENGINE_SOCKET = '/var/run/docker.sock';

function engineAddress(options?: Docker.DockerOptions): string {
  return options?.socketPath ?? process.env.DOCKER_HOST ?? LOCAL_ENGINE_SOCKET;
}

/** Connects and pings; `options` default to DOCKER_HOST or the standard socket. */
export async function connectDocker(options?: Docker.DockerOptions): Promise<Docker> {
  const docker = new Docker(options);
  try {
    await docker.ping();
  } catch (error) {
    throw new EnvironmentError(
      `No Docker engine answers at ${engineAddress(options)} (${(error as Error).message}).`,
      'Start Docker (Docker Desktop, or `sudo systemctl start docker`; on Debian without it: `apt-get install docker.io`), or set DOCKER_HOST.',
    );
  }
  return docker;
}

export async function ensureImage(docker: Docker, image: string): Promise<void> {
  try {
    await docker.getImage(image).inspect();
  } catch {
    throw missingImageError(image);
  }
}

/** What is said of an image the engine lacks, with how to get it. */
export function missingImageError(image: string): EnvironmentError {
  return new EnvironmentError(`The image ${image} is not on the Docker engine at ${engineAddress()}.`, missingImageFix(image));
}

export function missingImageFix(image: string): string {
  const name = Object.entries(LAB_IMAGES).find(([, tag]) => tag === image)?.[0];
  return name
    ? `Build it: \`npm run box:offline -- ${name}\` (Debian packages, no registry needed) or \`docker build -t ${image} labs/images/${name}\`.`
    : `Pull or build ${image} on this engine first.`;
}
