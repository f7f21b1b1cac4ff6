// The suite runs against a real Docker engine and the real lab images. When
// either is missing it stops here with what to do, instead of skipping silently.
import { connectDocker, ensureImage, LAB_IMAGES } from '../../electron/env/docker/engine';
import { EnvironmentError } from '../../electron/env/errors';

export default async function requireDocker(): Promise<void> {
  try {
    const docker = await connectDocker();
    for (const image of Object.values(LAB_IMAGES)) await ensureImage(docker, image);
  } catch (error) {
    if (error instanceof EnvironmentError) {
      throw new Error(`nslab tests need a Docker engine and the lab images.\n${error.toString()}\n(.ci/run installs both on a fresh Debian machine.)`);
    }
    throw error;
  }
}
