// `nslab cleanup [--session ID] [--dry-run]`: removes every container, volume
// and network nslab left behind, found by label.
import { parseArgs } from 'node:util';
import { connectDocker } from '../env/docker/engine';
import { findLeftovers, removeLeftovers } from '../env/docker/cleanup';
import { EXIT_PASS } from './exit-codes';

export async function cleanupCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { session: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
  });
  const docker = await connectDocker();
  const report = values['dry-run'] ? await findLeftovers(docker, values.session) : await removeLeftovers(docker, values.session);
  const verb = values['dry-run'] ? 'would remove' : 'removed';
  const total = report.containers.length + report.volumes.length + report.networks.length;
  for (const [kind, names] of Object.entries(report)) for (const name of names as string[]) process.stdout.write(`${verb} ${kind.replace(/s$/, '')} ${name}\n`);
  process.stdout.write(total === 0 ? 'nothing to clean up\n' : `${verb} ${total} object(s)\n`);
  return EXIT_PASS;
}
