// `nslab cleanup [--session ID] [--dry-run] [--kubeconfig FILE [--context NAME]]`:
// removes every container, volume and network nslab left behind, found by
// label; with --kubeconfig, every namespace and box pod it left on that cluster
// instead.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import type Docker from 'dockerode';
import { parseArgs } from 'node:util';
import { connectDocker } from '../env/docker/engine';
import { findLeftovers, removeLeftovers } from '../env/docker/cleanup';
import { hostEngineBesideGuest } from '../env/guest/host-engine';
import { findClusterLeftovers, removeClusterLeftovers } from '../env/kube-box/kube-cleanup';
import { kindNodes, NSLAB_CLUSTER } from '../env/kind';
import type { CliCommand } from './command';
import { EXIT_PASS } from './exit-codes';

function printReport(report: Record<string, string[]>, dryRun: boolean): void {
  const verb = dryRun ? 'would remove' : 'removed';
  const names = Object.entries(report).flatMap(([kind, list]) => list.map((name) => `${kind.replace(/s$/, '')} ${name}`));
  for (const name of names) process.stdout.write(`${verb} ${name}\n`);
  process.stdout.write(names.length === 0 ? 'nothing to clean up\n' : `${verb} ${names.length} object(s)\n`);
}

export async function cleanupCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { session: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, kubeconfig: { type: 'string' }, context: { type: 'string' } },
  });
  const dryRun = values['dry-run'];
  if (values.kubeconfig !== undefined) {
    const config = new KubeConfig();
    config.loadFromFile(values.kubeconfig);
    if (values.context) config.setCurrentContext(values.context);
    const core = config.makeApiClient(CoreV1Api);
    printReport({ ...(dryRun ? await findClusterLeftovers(core, values.session) : await removeClusterLeftovers(core, values.session)) }, dryRun);
    return EXIT_PASS;
  }
  const docker = await connectDocker();
  const sweep = (engine: Docker) => (dryRun ? findLeftovers(engine, values.session) : removeLeftovers(engine, values.session));
  printReport({ ...(await sweep(docker)) }, dryRun);
  // With DOCKER_HOST on the guest, the Kubernetes tools boxes ran on this machine's engine (guest/host-engine.ts).
  const host = await hostEngineBesideGuest();
  if (host) {
    process.stdout.write("on this machine's own engine:\n");
    printReport({ ...(await sweep(host)) }, dryRun);
  }
  // The kind cluster takes minutes to make again: cleanup points at it and leaves it.
  const nodes = values.session ? [] : await kindNodes(docker, NSLAB_CLUSTER);
  if (nodes.length > 0) process.stdout.write(`kept the kind cluster ${NSLAB_CLUSTER} (${nodes.map((n) => n.name).join(', ')}); \`nslab cluster delete\` removes it\n`);
  return EXIT_PASS;
}

export const cleanup: CliCommand = {
  name: 'cleanup',
  usage: `  nslab cleanup [--session ID] [--dry-run] [--kubeconfig FILE [--context NAME]]
                             remove every container, volume and network nslab left;
                             with --kubeconfig, its namespaces and box pods on that cluster
`,
  run: cleanupCommand,
};
