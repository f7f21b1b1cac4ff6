// `nslab cluster create [--image IMAGE] | delete | status`: the kind cluster
// "nslab" the Kubernetes labs run on, with kind's stages as progress lines.
// Its kubeconfig is nslab's own file; the learner's own is never touched.
import { parseArgs } from 'node:util';
import { connectDocker } from '../env/docker/engine';
import { detectKindTools, KindCluster, kindNodes, nslabKindCluster, requireKindTools, type KindEvent, type KindToolReport } from '../env/kind';
import { EXIT_ERROR, EXIT_FAIL, EXIT_PASS } from './exit-codes';
import { endProgress, progress } from './output';
import { UsageError, type CliCommand } from './command';

const ACTIONS: Record<string, (args: string[]) => Promise<number>> = { create, delete: remove, status };

export async function clusterCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action?.startsWith('-')) throw new UsageError(`unknown option ${action}`);
  const run = action !== undefined && Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (!run) throw new UsageError(`say what to do with the kind cluster: ${Object.keys(ACTIONS).join(', ')}`);
  return run(rest);
}

async function create(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { image: { type: 'string' } } });
  const cluster = await nslabKindCluster();
  if (await cluster.exists()) {
    await cluster.exportKubeconfig();
    process.stdout.write(`the kind cluster ${cluster.name} is already there\n${howToUse(cluster)}`);
    return EXIT_PASS;
  }
  process.stdout.write(`creating the kind cluster ${cluster.name} (a first time pulls a node image of about 1 GB)\n`);
  try {
    await cluster.create({ image: values.image, onEvent: printStage });
  } finally {
    endProgress();
  }
  process.stdout.write(`the kind cluster ${cluster.name} is ready\n${howToUse(cluster)}`);
  return EXIT_PASS;
}

async function remove(args: string[]): Promise<number> {
  parseArgs({ args, options: {} });
  const cluster = await nslabKindCluster();
  if (!(await cluster.exists())) {
    process.stdout.write(`there is no kind cluster ${cluster.name}: nothing to delete\n`);
    return EXIT_PASS;
  }
  await cluster.delete();
  process.stdout.write(`deleted the kind cluster ${cluster.name} and its kubeconfig ${cluster.kubeconfigPath}\n`);
  return EXIT_PASS;
}

/** Exit 0: the cluster is there and running; 1: it is not; 2: a tool is missing. */
async function status(args: string[]): Promise<number> {
  parseArgs({ args, options: {} });
  const report = await detectKindTools();
  printTools(report);
  if (report.checks.some((c) => !c.met)) return EXIT_ERROR;
  const cluster = new KindCluster(requireKindTools(report));
  const nodes = await kindNodes(await connectDocker(), cluster.name);
  if (nodes.length === 0) {
    process.stdout.write(`✘ cluster   no kind cluster ${cluster.name}\n    → nslab cluster create\n`);
    return EXIT_FAIL;
  }
  const stopped = nodes.filter((n) => !n.running);
  const list = nodes.map((n) => `${n.name}${n.running ? '' : ' (stopped)'}`).join(', ');
  process.stdout.write(`${stopped.length === 0 ? '✔' : '✘'} cluster   ${cluster.name}: ${list}\n${howToUse(cluster)}`);
  if (stopped.length > 0) process.stdout.write(`    → docker start ${stopped.map((n) => n.name).join(' ')}\n`);
  return stopped.length === 0 ? EXIT_PASS : EXIT_FAIL;
}

function printTools({ checks }: KindToolReport): void {
  for (const check of checks) {
    process.stdout.write(`${check.met ? '✔' : '✘'} ${check.requirement.padEnd(9)} ${check.detail}\n`);
    if (check.fix) process.stdout.write(`    → ${check.fix}\n`);
  }
}

/** One line per finished stage; the running one as transient progress on a terminal. */
function printStage(event: KindEvent): void {
  if (event.type !== 'stage') return;
  if (event.state === 'running') return progress(`… ${event.title}`);
  endProgress();
  process.stdout.write(`${event.state === 'done' ? '✔' : '✘'} ${event.title}\n`);
}

function howToUse(cluster: KindCluster): string {
  return `  kubeconfig: ${cluster.kubeconfigPath} (context ${cluster.context}; your own kubeconfig is unchanged)\n  try: KUBECONFIG=${cluster.kubeconfigPath} kubectl get nodes\n`;
}

export const cluster: CliCommand = {
  name: 'cluster',
  usage: `  nslab cluster create [--image IMAGE] | delete | status
                             the kind cluster "nslab" for Kubernetes labs (its own kubeconfig)
`,
  run: clusterCommand,
};
