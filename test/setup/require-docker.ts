// The suite runs against a real Docker engine and the real lab box image. When
// either is missing it stops here with what to do, instead of skipping silently.
import { connectDocker, DEFAULT_BOX_IMAGE, ensureImage } from '../../electron/env/docker/engine';
import { EnvironmentError } from '../../electron/env/errors';

export default async function requireDocker(): Promise<void> {
  try {
    const docker = await connectDocker();
    await ensureImage(docker, DEFAULT_BOX_IMAGE);
  } catch (error) {
    if (error instanceof EnvironmentError) {
      throw new Error(`nslab tests need a Docker engine and the lab box image.\n${error.toString()}\n(.ci/run installs both on a fresh Debian machine.)`);
    }
    throw error;
  }
}
