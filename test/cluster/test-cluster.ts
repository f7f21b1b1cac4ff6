// The cluster the Kubernetes tests run on, and which one it was:
// - startTestCluster(what): the kind cluster "nslab" when this machine has one
//   running (the real thing: kubelets, containers, mounts), else a control plane
//   built from upstream sources with kwok playing the kubelet (no kind node
//   image can be pulled on our machines);
// - startTestCluster(what, { node: 'guest' }): that control plane with a real
//   node instead of kwok: the nslab guest VM runs containerd and a kubelet built
//   from source and joins as nslab-control-plane (guest-node.ts). It reuses a
//   running guest that has the node disk (the guest stage boots it so), else
//   builds the disk and boots one, and powers it off at stop(). With
//   csiDriver, nslab's CSI driver runs on that node as a DaemonSet
//   (csi-node-plugin.ts). Only one cluster at a time can have the guest as its
//   node.
//
// A test looks inside the real node through `cluster.node` (a ClusterNode):
//   await cluster.node.exec('crictl ps -o json')             // the node's containers
//   await cluster.node.exec('cat /proc/self/mountinfo')      // the node's mounts
//   await cluster.node.exec('ls /var/local-path-provisioner') // local-path volumes
//   await cluster.node.exec('cat "$F"', { env: { F: path } })  // values as variables, never spliced
// Each returns { stdout, stderr, exitCode, timedOut }; the script runs as root
// in the guest, where crictl is on PATH and talks to the node's containerd
// (pods are in its k8s.io namespace: `ctr -a /run/nslab-node/containerd.sock
// -n k8s.io …`). Images the node has without a registry: busybox:1.36 and the
// pause image (scripts/images); add one by importing an archive there.
import type Docker from 'dockerode';
import { execFileSync } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectDocker } from '../../electron/env/docker/engine';
import { KindCluster, NSLAB_CLUSTER } from '../../electron/env/kind/kind-cluster';
import { kindNodes } from '../../electron/env/kind/kind-nodes';
import { detectKindTools, requireKindTools } from '../../electron/env/kind/kind-tools';
import type { KubeTarget } from '../../electron/env/kube/kube-environment';
import { startControlPlane } from './control-plane';
import { installCsiNodePlugin } from './csi-node-plugin';
import { joinGuestNode, type ClusterNode } from './guest-node';

const HERE = fileURLToPath(new URL('.', import.meta.url));

export interface LabCluster {
  kind: 'kind' | 'control-plane' | 'guest-node';
  /** what a learner of this cluster passes to KubeEnvironment */
  target(learner: string): KubeTarget;
  /** the nslab CLI's options for it */
  cliArgs(learner: string): string[];
  /** what the nslab CLI needs in its environment for it: NSLAB_CSI_LOG where the CSI driver's log is readable */
  cliEnv: NodeJS.ProcessEnv;
  /** where its kubectl is */
  bin: string;
  /** the kind cluster itself, to load images into its nodes */
  kindCluster?: KindCluster;
  /** only on the control plane, which the test owns */
  restartApiserver?: () => Promise<void>;
  /** the real node, to look at from the inside: only with { node: 'guest' } */
  node?: ClusterNode;
  stop(): Promise<void>;
}

/** A kind cluster "nslab" that answers, with nslab's kubeconfig for it; undefined when there is none. */
async function usableKindCluster(docker: Docker): Promise<KindCluster | undefined> {
  if (!(await kindNodes(docker, NSLAB_CLUSTER)).some((n) => n.running)) return undefined;
  const kindDir = execFileSync('bash', [join(HERE, 'build-kind.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').pop()!;
  const cluster = new KindCluster(requireKindTools(await detectKindTools(`${process.env.PATH ?? ''}${delimiter}${kindDir}`)));
  // kind-cluster.test.ts may be running its stand-in node right now: that one has no kubeconfig to give.
  return cluster.exportKubeconfig().then(
    () => cluster,
    () => undefined,
  );
}

/** The tools box's image, built from this cluster's kubectl when it is missing (a fresh machine builds the control plane first). */
function ensureToolsImage(bin: string): void {
  execFileSync('bash', [join(HERE, '../../scripts/ensure-box-image.sh'), 'kube-tools'], {
    env: { ...process.env, NSLAB_KUBECTL: join(bin, 'kubectl') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export interface TestClusterOptions {
  /** 'guest': the test control plane with the nslab guest as its real node, never kind or kwok */
  node?: 'guest';
  /**
   * with node 'guest': nslab's CSI driver runs on it (csi-node-plugin.ts; minutes
   * under emulation the first time a guest boot imports its image, seconds after).
   * Without it no driver serves the nslab-csi class there: the CSI labs need it.
   */
  csiDriver?: boolean;
}

/** Starts (or finds) the cluster and says on stderr which one `what` runs on. */
export async function startTestCluster(what: string, options: TestClusterOptions = {}): Promise<LabCluster> {
  if (options.node === 'guest') return startGuestNodeCluster(what, options.csiDriver === true);
  const kind = await usableKindCluster(await connectDocker());
  if (kind) {
    process.stderr.write(`${what}: ran on the kind cluster "${kind.name}"\n`);
    const kubectl = kind.kubeTarget('x').kubectlDir ?? dirname(execFileSync('which', ['kubectl'], { encoding: 'utf8' }).trim());
    ensureToolsImage(kubectl);
    // nslab's CSI driver's call log, copied here when `nslab cluster create` installed it (kind-csi-log.ts).
    const csiLog = kind.kubeTarget('x').csiLog;
    return {
      kind: 'kind',
      target: (learner) => kind.kubeTarget(learner),
      cliArgs: (learner) => ['--kubeconfig', kind.kubeconfigPath, '--context', kind.context, '--learner', learner],
      cliEnv: csiLog ? { NSLAB_CSI_LOG: csiLog } : {},
      bin: kubectl,
      kindCluster: kind,
      stop: async () => undefined,
    };
  }
  const plane = await startControlPlane();
  ensureToolsImage(plane.bin);
  process.stderr.write(`${what}: no kind cluster here; ran on the test control plane built from upstream sources (kwok nodes)\n`);
  return {
    kind: 'control-plane',
    target: (learner) => ({ kubeconfig: plane.kubeconfig, learner, kubectlDir: plane.bin, csiLog: plane.csiLog }),
    cliArgs: (learner) => ['--kubeconfig', plane.kubeconfig, '--learner', learner],
    cliEnv: { NSLAB_CSI_LOG: plane.csiLog },
    bin: plane.bin,
    restartApiserver: plane.restartApiserver,
    stop: plane.stop,
  };
}

async function startGuestNodeCluster(what: string, csiDriver: boolean): Promise<LabCluster> {
  const plane = await startControlPlane({ nodes: 'external' });
  ensureToolsImage(plane.bin);
  const say = (line: string) => process.stderr.write(`${what}: ${line}\n`);
  const node = await joinGuestNode(plane, say).catch(async (error: unknown) => {
    await plane.stop();
    throw error;
  });
  const csi = csiDriver
    ? await installCsiNodePlugin(plane, node, say).catch(async (error: unknown) => {
        await node.stop();
        await plane.stop();
        throw error;
      })
    : undefined;
  const registered = csi ? `; nslab's CSI driver registered ${csi.registeredSeconds.toFixed(0)} s later` : '';
  say(`ran on the test control plane with a real node: the nslab guest's kubelet (${node.name}, Ready in ${node.readySeconds.toFixed(0)} s${registered})`);
  return {
    kind: 'guest-node',
    target: (learner) => ({ kubeconfig: plane.kubeconfig, learner, kubectlDir: plane.bin, csiLog: plane.csiLog }),
    cliArgs: (learner) => ['--kubeconfig', plane.kubeconfig, '--learner', learner],
    cliEnv: { NSLAB_CSI_LOG: plane.csiLog },
    bin: plane.bin,
    node,
    stop: async () => {
      await csi?.stop().catch((error: unknown) => say(`CSI node plugin: ${(error as Error).message}`));
      await node.stop();
      await plane.stop();
    },
  };
}
