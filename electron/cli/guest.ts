// `nslab guest up | status | down`: a throwaway Debian VM whose Docker engine is
// what most learners have (cgroup v2, --privileged allowed), for trying the labs
// on it from a host that lacks one, and for grading untrusted work away from
// this host. `up` prints the DOCKER_HOST that reaches its engine as the last
// line of stdout:   export DOCKER_HOST=$(nslab guest up | tail -1)
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GuestVm, type GuestStatus } from '../env/guest';
import { EXIT_FAIL, EXIT_PASS } from './exit-codes';
import { UsageError, type CliCommand } from './command';
import { PACKAGE_ROOT } from './package-root';


const ACTIONS: Record<string, (vm: GuestVm, args: string[]) => Promise<number>> = { up, status, down };

export async function guestCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const runAction = action !== undefined && Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
  if (action?.startsWith('-')) throw new UsageError(`unknown option ${action}`);
  if (!runAction) throw new UsageError(`say what to do with the guest: ${Object.keys(ACTIONS).join(', ')}`);
  return runAction(new GuestVm(), rest);
}

async function up(vm: GuestVm, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { cpus: { type: 'string' }, memory: { type: 'string' }, 'node-disk': { type: 'string' }, load: { type: 'string' } } });
  const started = Date.now();
  const state = await vm.up({
    packageRoot: PACKAGE_ROOT,
    cpus: positive(values.cpus, '--cpus'),
    memoryMiB: positive(values.memory, '--memory'),
    nodeDisk: values['node-disk'] && resolve(values['node-disk']),
    archive: values.load && resolve(values.load),
    // Progress on stderr: stdout stays the DOCKER_HOST alone for `$(…)`.
    onProgress: (line) => process.stderr.write(`guest: ${line}\n`),
  });
  process.stderr.write(
    `guest: ready in ${((Date.now() - started) / 1000).toFixed(0)} s (${state.accel}); its engine: ${state.dockerHost}\n` +
      `guest: use it with  export DOCKER_HOST=${state.dockerHost}  (stop it: nslab guest down)\n`,
  );
  process.stdout.write(`${state.dockerHost}\n`);
  return EXIT_PASS;
}

/** Exit 0: running and its engine answers; 1: not. */
async function status(vm: GuestVm, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { format: { type: 'string', default: 'text' } } });
  const report = await vm.status();
  process.stdout.write(values.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : statusText(report));
  return report.running ? EXIT_PASS : EXIT_FAIL;
}

async function down(vm: GuestVm, args: string[]): Promise<number> {
  parseArgs({ args, options: {} });
  const { stopped } = await vm.down();
  process.stdout.write(stopped > 0 ? `stopped the guest (${stopped} processes) and removed its run folder\n` : 'no guest was running; its run folder is gone\n');
  return EXIT_PASS;
}

export function statusText(report: GuestStatus): string {
  const { state, engine } = report;
  if (!state) return '✘ guest     not running\n    → nslab guest up\n';
  if (!report.running) return `✘ guest     not running: ${report.problem}\n    → nslab guest down && nslab guest up\n`;
  return [
    `✔ guest     running since ${state.startedAt} (${state.accel}; booted in ${state.bootSeconds?.toFixed(0) ?? '?'} s)`,
    `✔ engine    Docker ${engine?.version}, cgroup v${engine?.cgroupVersion} at ${state.dockerHost}`,
    `  images    ${engine?.images.join(', ') || 'none'}`,
    ...(state.nodeDisk ? [`  node      can join a cluster as a Kubernetes node (node disk ${state.nodeDisk})`] : []),
    '',
  ].join('\n');
}

function positive(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${option} takes a whole number above 0, not "${value}"`);
  return n;
}

export const guest: CliCommand = {
  name: 'guest',
  usage: `  nslab guest up [--cpus N] [--memory MIB] [--node-disk FILE] [--load ARCHIVE] | status [--format text|json] | down
                             a throwaway VM whose engine is a learner's (cgroup v2, --privileged
                             allowed): up builds (once) and boots it and prints its DOCKER_HOST
                             last; down leaves no process, socket or disk layer. --node-disk
                             attaches a Kubernetes node disk read-only (scripts/guest/
                             build-node-disk.sh): the guest can then join a cluster as its node.
                             --load has a \`docker save\` archive (e.g. nslab's kind node image)
                             in its engine: loaded once, then kept as a disk layer of the guest
`,
  run: guestCommand,
};
