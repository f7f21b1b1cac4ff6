// `nslab cleanup [--session ID] [--dry-run]`: removes every container, volume
// and network nslab left behind, found by label.
import { parseArgs } from 'node:util';
import { connectDocker } from '../env/docker/engine';
import { findLeftovers, removeLeftovers } from '../env/docker/cleanup';
import { kindNodes, NSLAB_CLUSTER } from '../env/kind';
import type { CliCommand } from './command';
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
  // The kind cluster takes minutes to make again: cleanup points at it and leaves it.
  const nodes = values.session ? [] : await kindNodes(docker, NSLAB_CLUSTER);
  if (nodes.length > 0) process.stdout.write(`kept the kind cluster ${NSLAB_CLUSTER} (${nodes.map((n) => n.name).join(', ')}); \`nslab cluster delete\` removes it\n`);
  return EXIT_PASS;
}

export const cleanup: CliCommand = {
  name: 'cleanup',
  usage: `  nslab cleanup [--session ID] [--dry-run]
                             remove every container, volume and network nslab left
`,
  run: cleanupCommand,
};
