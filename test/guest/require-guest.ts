// The guest stage runs against the nslab guest's engine and nothing else: stop
// here, saying why, when DOCKER_HOST points elsewhere or the engine is not v2.
import { connectDocker } from '../../electron/env/docker/engine';

export default async function requireGuest(): Promise<void> {
  const guest = process.env.NSLAB_GUEST_DOCKER_HOST;
  if (!guest || process.env.DOCKER_HOST !== guest) {
    throw new Error('The guest tests run through scripts/test-guest.ts (npm run test:guest), which boots the guest and points DOCKER_HOST at it.');
  }
  const info = (await (await connectDocker()).info()) as { CgroupVersion?: string };
  if (info.CgroupVersion !== '2') throw new Error(`The guest's engine reports cgroup v${info.CgroupVersion}, not v2.`);
}
