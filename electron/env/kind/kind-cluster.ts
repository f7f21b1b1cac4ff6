// The kind cluster nslab's Kubernetes labs run on, driven through the kind CLI.
// Its kubeconfig is a file of nslab's own: kind is always given --kubeconfig, so
// the learner's ~/.kube/config and current context are never read or changed.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { KubeTarget } from '../kube/kube-environment';
import { nslabConfigDir } from '../config-dir';
import { connectDocker } from '../docker/engine';
import { EnvironmentError } from '../errors';
import { forwardGuestPort, guestEngineInUse, stopGuestForward } from '../guest/guest-forward';
import { explainKindFailure } from './kind-failure';
import { kindCsiLogPath, resumeCsiLog, stopCsiLog } from './kind-csi-log';
import { removeKindNetworkIfUnused } from './kind-nodes';
import { loopbackApiServerPort, parseKindLine, type KindEvent } from './kind-output';
import { detectKindTools, requireKindTools, type KindTools } from './kind-tools';

export const NSLAB_CLUSTER = 'nslab';
/** kind's own wait for the control-plane node to be Ready; the labs need it Ready. */
const READY_WAIT = '5m';
/**
 * A first create pulls a node image of about 1 GB: minutes, not seconds; on an
 * emulated guest (QEMU's TCG) kubeadm alone took over 10 minutes.
 */
const CREATE_TIMEOUT_MS = 45 * 60_000;
const SHORT_TIMEOUT_MS = 2 * 60_000;

/** Where nslab keeps a cluster's kubeconfig: beside the progress file, in nslab's config folder. */
export function nslabKubeconfigPath(cluster = NSLAB_CLUSTER): string {
  return join(nslabConfigDir(), 'kind', `${cluster}.kubeconfig`);
}

export interface KindClusterOptions {
  /** the cluster's name; tests use one of their own */
  name?: string;
  kubeconfigPath?: string;
}

export interface CreateOptions {
  /** a node image other than kind's default, e.g. one loaded offline with `docker load` */
  image?: string;
  /** a kind cluster config (YAML), e.g. what nslab's own node image needs */
  config?: string;
  onEvent?: (event: KindEvent) => void;
}

interface KindRun {
  code: number;
  stdout: string;
  stderr: string;
}

export class KindCluster {
  readonly name: string;
  readonly kubeconfigPath: string;

  constructor(
    readonly tools: KindTools,
    options: KindClusterOptions = {},
  ) {
    this.name = options.name ?? NSLAB_CLUSTER;
    this.kubeconfigPath = options.kubeconfigPath ?? nslabKubeconfigPath(this.name);
  }

  /** kind names the context after the cluster (pkg/cluster/internal/kubeconfig). */
  get context(): string {
    return `kind-${this.name}`;
  }

  /** kind names a cluster's first node <cluster>-control-plane; nslab's cluster has only that one. */
  get controlPlaneNode(): string {
    return `${this.name}-control-plane`;
  }

  async exists(): Promise<boolean> {
    const result = await this.kind(['get', 'clusters'], SHORT_TIMEOUT_MS);
    if (result.code !== 0) throw explainKindFailure(result.stderr, 'list', this.name);
    return result.stdout.split('\n').some((line) => line.trim() === this.name);
  }

  /** Resolves when the cluster is Ready; on failure kind has already removed its nodes. */
  async create({ image, config, onEvent }: CreateOptions = {}): Promise<void> {
    mkdirSync(dirname(this.kubeconfigPath), { recursive: true, mode: 0o700 });
    const args = ['create', 'cluster', '--name', this.name, '--kubeconfig', this.kubeconfigPath, '--wait', READY_WAIT];
    if (image) args.push('--image', image);
    const configDir = config === undefined ? undefined : mkdtempSync(join(tmpdir(), 'nslab-kind-'));
    if (configDir) {
      writeFileSync(join(configDir, 'cluster.yaml'), config ?? '');
      args.push('--config', join(configDir, 'cluster.yaml'));
    }
    let notReady = false;
    const result = await this.kind(args, CREATE_TIMEOUT_MS, (event) => {
      if (event.type === 'stage' && event.stage === 'wait-ready' && event.state === 'failed') notReady = true;
      onEvent?.(event);
    }).finally(() => configDir && rmSync(configDir, { recursive: true, force: true }));
    if (result.code !== 0) throw explainKindFailure(result.stderr, 'create', this.name);
    await this.reachApiServer();
    // kind only warns when its wait runs out, and exits 0.
    if (notReady) {
      throw new EnvironmentError(
        `The kind cluster ${this.name} was made, but its control plane was not Ready within ${READY_WAIT}.`,
        `Check it in a minute: \`KUBECONFIG=${this.kubeconfigPath} kubectl get nodes\`; if it stays NotReady, \`nslab cluster delete\` and create it again.`,
      );
    }
  }

  /** (Re)writes nslab's kubeconfig for a cluster that exists, e.g. one made with kind by hand. */
  async exportKubeconfig(): Promise<void> {
    mkdirSync(dirname(this.kubeconfigPath), { recursive: true, mode: 0o700 });
    const result = await this.kind(['export', 'kubeconfig', '--name', this.name, '--kubeconfig', this.kubeconfigPath], SHORT_TIMEOUT_MS);
    if (result.code !== 0) throw explainKindFailure(result.stderr, 'export', this.name);
    await this.reachApiServer();
  }

  /**
   * Makes the API server the kubeconfig names answer on this machine. kind
   * publishes it on the engine's loopback; when that engine is the nslab
   * guest's, its loopback is the VM's, forwarded here port for port.
   */
  async reachApiServer(): Promise<void> {
    const guest = await guestEngineInUse();
    const port = guest && this.apiServerPort();
    if (guest && port) await forwardGuestPort(guest, port);
    // The CSI driver's call log too, once nslab installed it (kind-csi-log.ts).
    await resumeCsiLog(this.name, this.controlPlaneNode, this.tools.searchPath);
  }

  private apiServerPort(): number | undefined {
    try {
      return loopbackApiServerPort(readFileSync(this.kubeconfigPath, 'utf8'));
    } catch {
      return undefined; // no kubeconfig yet: nothing to reach
    }
  }

  /** Copies an image from the Docker engine into every node: pods get it without a registry. */
  async loadImage(image: string): Promise<void> {
    const result = await this.kind(['load', 'docker-image', image, '--name', this.name], CREATE_TIMEOUT_MS);
    if (result.code !== 0) throw explainKindFailure(result.stderr, 'load', this.name);
  }

  /**
   * Removes the node containers (with their volumes), nslab's kubeconfig for
   * the cluster, the copy of its CSI call log and its follower, a guest's
   * forward of its API server, and kind's network once no kind cluster uses
   * it; nothing else.
   */
  async delete(onEvent?: (event: KindEvent) => void): Promise<void> {
    const port = this.apiServerPort();
    const result = await this.kind(['delete', 'cluster', '--name', this.name, '--kubeconfig', this.kubeconfigPath], SHORT_TIMEOUT_MS, onEvent);
    if (result.code !== 0) throw explainKindFailure(result.stderr, 'delete', this.name);
    rmSync(this.kubeconfigPath, { force: true });
    await stopCsiLog(this.name);
    if (port) await stopGuestForward(port);
    await removeKindNetworkIfUnused(await connectDocker());
  }

  /** What a Kubernetes lab on this cluster needs: its terminals get KUBECONFIG from it. */
  kubeTarget(learner: string): KubeTarget {
    const csiLog = kindCsiLogPath(this.name);
    return { kubeconfig: this.kubeconfigPath, context: this.context, learner, kubectlDir: dirname(this.tools.kubectl), ...(existsSync(csiLog) ? { csiLog } : {}) };
  }

  /** Runs kind, passing each line it prints on stderr to onEvent as it comes. */
  private kind(args: string[], timeoutMs: number, onEvent?: (event: KindEvent) => void): Promise<KindRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.tools.kind, args, {
        // The PATH the tools were found on, so kind runs the docker that was checked;
        // KUBECONFIG too, so nothing kind runs can reach the learner's own.
        env: { ...process.env, PATH: this.tools.searchPath, KUBECONFIG: this.kubeconfigPath },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      createInterface({ input: child.stderr, crlfDelay: Infinity }).on('line', (line) => {
        stderr += `${line}\n`;
        const event = parseKindLine(line);
        if (event && onEvent) onEvent(event);
      });
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new EnvironmentError(`kind ${args.slice(0, 2).join(' ')} did not finish within ${timeoutMs / 60_000} minutes.`, `Run \`kind ${args.join(' ')}\` yourself to see where it stops.`));
      }, timeoutMs);
      child.on('error', (error) => (clearTimeout(timer), reject(error)));
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
    });
  }
}

/** The kind cluster nslab, run with the tools found on PATH; an EnvironmentError names each one missing. */
export async function nslabKindCluster(): Promise<KindCluster> {
  return new KindCluster(requireKindTools(await detectKindTools()));
}

/** The same, once it exists (its API server reachable here); otherwise an EnvironmentError says how to make it. */
export async function existingNslabKindCluster(): Promise<KindCluster> {
  const cluster = await nslabKindCluster();
  if (!(await cluster.exists())) {
    throw new EnvironmentError(
      `There is no kind cluster ${cluster.name} for the Kubernetes labs yet.`,
      "Create it with `nslab cluster create` (it also installs nslab's CSI driver, which the CSI labs need; the app's \"Create the cluster\" does not yet: run `nslab cluster create` after it), or name a cluster of yours with --kubeconfig FILE [--context NAME].",
    );
  }
  await cluster.reachApiServer();
  return cluster;
}
