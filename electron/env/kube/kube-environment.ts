// A Kubernetes lab's environment: a cluster (kind's "nslab", or a classroom
// cluster shared by many learners) and a tools box (tools-box.ts) where the
// learner's terminals, their submissions and the lab's script checks run, with
// a credential of the learner's own (learner-access.ts). Each learner works in a
// namespace of their own, labelled nslab.learner, and names cluster-scoped
// objects (PVs, StorageClasses) with their own prefix, so learners on one
// cluster never see or break each other's work. nslab's own kubeconfig (the
// target's context, which may be a cluster admin's) stays on the host: only
// nslab's fixed scripts use it (setup, reset, the storage probe), never a
// learner's words or a lab's.
import type Docker from 'dockerode';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import type { ClusterAccess, ClusterKind, EnvironmentFacts, EnvironmentShell, ExecOptions, ExecResult, LabEnvironment } from '../../engine/environment';
import { ptyShell } from '../../terminals/terminal-session';
import type { TerminalCommand } from '../../terminals/terminal-process';
import { EnvironmentError } from '../errors';
import { connectDocker } from '../docker/engine';
import { engineForHostMounts } from '../guest/host-engine';
import { runOnHost } from '../host-process';
import { ApiRelay } from './api-relay';
import { CLUSTER_KIND_LABEL, clusterKindOf } from './cluster-kind';
import { asList, LABEL_LEARNER, LEARNER_ACCOUNT, LEARNER_CLUSTER_ROLE, learnerManifests, learnerNamespace, sharedManifests } from './learner-access';
import { learnerKubeconfig } from './learner-kubeconfig';
import { learnerOverlap, parseClusterNames, parseNamespaceNames, parseNslabNamespaces } from './learner-overlap';
import { withLearnerSetupLock } from './learner-setup-lock';
import { ToolsBox } from './tools-box';

// Server-side apply creates or updates in one request: graders starting side by side
// on one cluster would otherwise race to create the same objects (AlreadyExists).
const APPLY_STDIN = 'kubectl apply --server-side --force-conflicts --field-manager=nslab -f -';

export interface KubeTarget {
  /** the kubeconfig to read the cluster from; never written to */
  kubeconfig: string;
  context?: string;
  /** who the objects belong to: names the namespace and the prefix */
  learner: string;
  /** where kubectl is, when it is not on PATH */
  kubectlDir?: string;
  /** the call log of nslab's CSI driver, where this machine can read it (NSLAB_CSI_LOG) */
  csiLog?: string;
}

export { LABEL_LEARNER };

/**
 * How long one of nslab's own setup scripts (a few kubectl calls: the shared
 * rules, the overlap check, the learner's dozen objects and token) may take.
 * A cluster answers in well under a second on a real machine; a kind node
 * under emulation (QEMU's TCG, the nslab guest on a host without KVM) took
 * 2-6 s a request with three graders on it, and the learner's account went
 * past 30 s.
 */
const SETUP_TIMEOUT_MS = 120_000;

/** What a failed setup script said, or that it did not finish. */
function whyFailed(result: ExecResult): string {
  if (result.timedOut) return `no answer within ${SETUP_TIMEOUT_MS / 1000} s (the cluster is very slow or does not answer)`;
  return result.stderr.trim() || `exit ${result.exitCode}`;
}

/** How long a learner's token lasts: a working day; every reset and every new session issues another. */
const TOKEN_DURATION = '12h';

/** The OS user as a learner name (what names their namespace) when nobody gave one. */
export function defaultLearner(): string {
  return userInfo().username.toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 40) || 'learner';
}

export class KubeEnvironment implements LabEnvironment {
  /** what the nodes said at create(); a cluster whose nodes may not be read counts as "cluster" */
  private clusterKind: ClusterKind = 'cluster';
  private relay: ApiRelay | undefined;
  private engine: Promise<Docker> | undefined;
  private box: ToolsBox | undefined;

  private constructor(
    private readonly target: KubeTarget,
    /** nslab's own kubeconfig: the target's context, our namespace as default; never enters the tools box */
    readonly kubeconfig: string,
    private readonly scratch: string,
  ) {}

  get namespace(): string {
    return learnerNamespace(this.target.learner);
  }

  /** the CSI driver's call log: the target's, else NSLAB_CSI_LOG; undefined where none is readable */
  get csiLog(): string | undefined {
    return this.target.csiLog ?? process.env.NSLAB_CSI_LOG;
  }

  /** Prepended to cluster-scoped names the learner creates: "alice-pv-5g". */
  get prefix(): string {
    return `${this.target.learner}-`;
  }

  /** the learner's name, as ${NSLAB_LEARNER} in lab files */
  get learner(): string {
    return this.target.learner;
  }

  get facts(): EnvironmentFacts {
    return { cluster: this.clusterKind };
  }

  get kube(): ClusterAccess {
    return this;
  }

  nodeEngine(): Promise<Docker> {
    // An engine that did not answer is asked again by the next check, not remembered as down.
    this.engine ??= connectDocker().catch((error: unknown) => {
      this.engine = undefined;
      throw error;
    });
    return this.engine;
  }

  get description(): string {
    return `kubernetes namespace ${this.namespace}${this.target.context ? ` on ${this.target.context}` : ''} (${CLUSTER_KIND_LABEL[this.clusterKind]}), tools box ${this.tools.sessionId}`;
  }

  static async create(target: KubeTarget, docker?: Docker): Promise<KubeEnvironment> {
    if (!/^[a-z0-9]([a-z0-9-]{0,40}[a-z0-9])?$/.test(target.learner)) {
      throw new EnvironmentError(`"${target.learner}" cannot name a learner`, 'Use lowercase letters, digits and dashes.');
    }
    const scratch = mkdtempSync(join(tmpdir(), 'nslab-kube-'));
    const env = new KubeEnvironment(target, join(scratch, 'kubeconfig'), scratch);
    try {
      await env.connect();
      const kubeconfig = await env.claimLearner(false);
      env.relay = await ApiRelay.start(kubeconfig.apiserver);
      env.box = await ToolsBox.create(docker ?? (await engineForHostMounts()), {
        learner: target.learner,
        namespace: env.namespace,
        prefix: env.prefix,
        socketPath: env.relay.socketPath,
        kubeconfigText: kubeconfig.text,
      });
    } catch (error) {
      await env.release();
      throw error;
    }
    const nodes = await env.nslabExec('kubectl get nodes -o json', { timeoutMs: SETUP_TIMEOUT_MS });
    if (nodes.exitCode === 0) env.clusterKind = clusterKindOf(JSON.parse(nodes.stdout));
    return env;
  }

  /** nslab's kubeconfig for the target, the cluster-wide rules for learners, this learner's namespace and account. */
  private async connect(): Promise<void> {
    const { target } = this;
    // The kubeconfig path and context are the user's words: they go to kubectl
    // as arguments, never through a shell.
    const view = await this.runFile(
      'kubectl',
      ['config', 'view', '--raw', '--minify', '--flatten', '--kubeconfig', target.kubeconfig, ...(target.context ? ['--context', target.context] : [])],
      { timeoutMs: SETUP_TIMEOUT_MS },
    );
    if (view.exitCode === 0) writeFileSync(this.kubeconfig, view.stdout, { mode: 0o600 });
    const setup =
      view.exitCode !== 0
        ? view
        : await this.nslabExec(
            `printf %s "$NSLAB_SHARED" | ${APPLY_STDIN} >/dev/null && kubectl config set-context --current --namespace "$NSLAB_NAMESPACE" >/dev/null`,
            { timeoutMs: SETUP_TIMEOUT_MS, env: [`NSLAB_SHARED=${asList(sharedManifests())}`] },
          );
    if (setup.exitCode !== 0) {
      throw new EnvironmentError(
        `The cluster in ${target.kubeconfig} cannot be used: ${whyFailed(setup)}`,
        'Check that kubectl is installed, that the cluster answers (`kubectl cluster-info`) and that this kubeconfig may manage RBAC and admission policies (nslab gives each learner an account of their own).',
      );
    }
  }

  /**
   * The learner's overlap check and their namespace and account, as one step no
   * other learner's setup on the cluster can come between (learner-setup-lock.ts):
   * else two learners whose prefixes meet, starting together, both pass the check.
   * A reset (`resetting`) made the namespace anew after deleting it: it is checked
   * again, as another learner may have come while it was gone.
   */
  private claimLearner(resetting: boolean): Promise<ReturnType<typeof learnerKubeconfig>> {
    const holder = `${this.target.learner} on ${hostname()} (pid ${process.pid})`;
    return withLearnerSetupLock((script, options) => this.nslabExec(script, options), holder, async () => {
      await this.refuseOverlap(resetting);
      return this.learnerKubeconfig();
    });
  }

  /** Before anything of the learner's is made: a name whose prefix meets another learner's, the cluster's provisioned volumes' or a volume or class it did not make is refused (learner-overlap.ts). */
  private async refuseOverlap(resetting: boolean): Promise<void> {
    const listed = await this.nslabExec('kubectl get namespaces -o json', { timeoutMs: SETUP_TIMEOUT_MS });
    if (listed.exitCode !== 0) throw new EnvironmentError(`The learners on ${this.target.kubeconfig}'s cluster could not be listed: ${whyFailed(listed)}`, 'Check that this kubeconfig may list namespaces.');
    const objects = await this.nslabExec('kubectl get persistentvolumes,storageclasses -o json', { timeoutMs: SETUP_TIMEOUT_MS });
    if (objects.exitCode !== 0) throw new EnvironmentError(`The volumes and classes on ${this.target.kubeconfig}'s cluster could not be listed: ${whyFailed(objects)}`, 'Check that this kubeconfig may list PersistentVolumes and StorageClasses.');
    const namespaces: unknown = JSON.parse(listed.stdout);
    const overlap = learnerOverlap(this.target.learner, parseNslabNamespaces(namespaces), parseClusterNames(JSON.parse(objects.stdout)), resetting, parseNamespaceNames(namespaces));
    if (overlap) {
      throw new EnvironmentError(
        `Learner "${this.target.learner}" cannot work on this cluster: ${overlap}.`,
        "Give another --learner name: one that neither begins with another learner's name and a dash nor is the start of one (ana and ana2 can share a cluster, ana and ana-2 cannot), and that no volume or class of the cluster begins with followed by a dash (not pvc, nor local beside the class local-path).",
      );
    }
  }

  /** The learner's namespace and account (again after a reset deleted them), and a fresh token of theirs. */
  private async learnerKubeconfig(): Promise<ReturnType<typeof learnerKubeconfig>> {
    const result = await this.nslabExec(
      `printf %s "$NSLAB_OBJECTS" | ${APPLY_STDIN} >/dev/null &&
       token=$(kubectl create token ${LEARNER_ACCOUNT} --namespace "$NSLAB_NAMESPACE" --duration ${TOKEN_DURATION}) &&
       echo "$token" && kubectl config view --raw --minify --flatten -o json`,
      { timeoutMs: SETUP_TIMEOUT_MS, env: [`NSLAB_OBJECTS=${asList(learnerManifests(this.target.learner))}`] },
    );
    if (result.exitCode !== 0) throw new EnvironmentError(`The learner's account could not be made: ${whyFailed(result)}`, 'Check that this kubeconfig may create namespaces, roles and service-account tokens.');
    const newline = result.stdout.indexOf('\n');
    return learnerKubeconfig(JSON.parse(result.stdout.slice(newline + 1)), result.stdout.slice(0, newline).trim(), this.namespace);
  }

  private get tools(): ToolsBox {
    if (!this.box) throw new Error('the tools box is gone');
    return this.box;
  }

  /** A lab's script check: in the tools box, as the learner. */
  exec(script: string, options: ExecOptions = {}): Promise<ExecResult> {
    return this.tools.exec(script, options);
  }

  async openShell(): Promise<EnvironmentShell> {
    return ptyShell(this.shellCommand());
  }

  /** A shell in the tools box, as the learner, reaching the cluster with their own token only. */
  shellCommand(): TerminalCommand {
    return this.tools.shellCommand(`[${this.namespace}]$ `);
  }

  /**
   * Deletes exactly what this learner made: their namespace, their prefixed
   * cluster objects, the VolumeAttachments of their volumes (a learner playing
   * the external attacher holds them with a finalizer that nothing else
   * lifts), and the volumes their claims kept with reclaim policy Retain
   * (those outlive the namespace by design and would otherwise show up as
   * "Released, claim <namespace>/<name>" in their next try).
   */
  private async removeAll(): Promise<void> {
    await this.nslabExec(
      `kubectl delete namespace "$NSLAB_NAMESPACE" --ignore-not-found --wait=false >/dev/null
       # A finalizer nobody serves (a lab's nslab.dev/hold, left by a step not finished)
       # would hold the namespace in Terminating forever: the learner's own objects let go.
       # Custom resources of the learner's own group (<plural>.<learner>.nslab.dev) too: their
       # controller, a learner's script, may be gone.
       learner_crds=$(kubectl get customresourcedefinitions -o name 2>/dev/null | sed -n "s|^[^/]*/\\(.*\\.$NSLAB_LEARNER\\.nslab\\.dev\\)$|\\1|p")
       for kind in pods replicasets deployments statefulsets configmaps $learner_crds; do
         kubectl get "$kind" -n "$NSLAB_NAMESPACE" -o name 2>/dev/null
       done | xargs -r -n 20 kubectl patch -n "$NSLAB_NAMESPACE" --type merge -p '{"metadata":{"finalizers":null}}' >/dev/null 2>&1
       # The learner's pods go at once, not after their grace period: a pod of kubectl run
       # whose PID 1 is a sleep ignores SIGTERM and held the namespace 30 s on a real node.
       # Nothing of theirs is left to shut down cleanly; the kubelet kills the containers
       # (and unmounts their volumes) as soon as the pods are gone from the API. The
       # namespace is Terminating, so no controller can make new ones.
       kubectl delete pods --all -n "$NSLAB_NAMESPACE" --grace-period=0 --force --ignore-not-found --wait=false >/dev/null 2>&1
       kubectl wait --for=delete "namespace/$NSLAB_NAMESPACE" --timeout=100s >/dev/null 2>&1
       for crd in $learner_crds; do kubectl delete customresourcedefinition "$crd" --ignore-not-found --wait=false >/dev/null; done
       kubectl get volumeattachments -o jsonpath='{range .items[*]}{.metadata.name} {.spec.source.persistentVolumeName}{"\\n"}{end}' 2>/dev/null |
         while read -r attachment volume; do
           case "$volume" in "$NSLAB_PREFIX"*)
             kubectl patch volumeattachment "$attachment" --type=merge -p '{"metadata":{"finalizers":null}}' >/dev/null 2>&1
             kubectl delete volumeattachment "$attachment" --ignore-not-found --wait=false >/dev/null;; esac
         done
       kubectl get pv,storageclass -o name | while read -r object; do
         case "\${object#*/}" in "$NSLAB_PREFIX"*) kubectl delete "$object" --ignore-not-found --wait=false >/dev/null;; esac
       done
       kubectl get pv --no-headers -o custom-columns=NAME:.metadata.name,NS:.spec.claimRef.namespace,POLICY:.spec.persistentVolumeReclaimPolicy |
         awk -v ns="$NSLAB_NAMESPACE" '$2 == ns && $3 == "Retain" { print $1 }' | xargs -r kubectl delete pv --ignore-not-found --wait=false >/dev/null`,
      { timeoutMs: 120_000 },
    );
  }

  /** A clean start: everything the learner made is gone, their namespace is there and empty, their folder too. */
  async reset(): Promise<void> {
    await this.removeAll();
    // Deleting the namespace deleted the account: its old token is void.
    await this.tools.configure((await this.claimLearner(true)).text);
    await this.tools.clearWork();
  }

  async dispose(): Promise<void> {
    await this.removeAll();
    await this.nslabExec(`kubectl delete clusterrolebinding "${LEARNER_CLUSTER_ROLE}-$NSLAB_LEARNER" --ignore-not-found >/dev/null`, { timeoutMs: SETUP_TIMEOUT_MS });
    await this.release();
  }

  /** Lets go of the host's side (the tools box, the relay, nslab's kubeconfig) and keeps what the learner made on the cluster. */
  async release(): Promise<void> {
    await this.box?.dispose();
    await this.relay?.stop();
    rmSync(this.scratch, { recursive: true, force: true });
  }

  /** What nslab's own scripts see: its kubeconfig and the learner's names; never given to a learner's shell. */
  private variables(): Record<string, string> {
    const path = this.target.kubectlDir ? `${this.target.kubectlDir}${delimiter}${process.env.PATH ?? ''}` : (process.env.PATH ?? '');
    return {
      KUBECONFIG: this.kubeconfig,
      NSLAB_NAMESPACE: this.namespace,
      NSLAB_PREFIX: this.prefix,
      NSLAB_LEARNER: this.target.learner,
      PATH: path,
    };
  }

  /**
   * A fixed script of nslab's own (the storage probe, the pod probe, setup and
   * reset), on the host with nslab's kubeconfig. Never a lab's script or a
   * learner's words: anything of the user's reaches it as a variable, not as text.
   */
  nslabExec(script: string, options: ExecOptions = {}): Promise<ExecResult> {
    return this.runFile('sh', ['-c', script], options);
  }

  private runFile(file: string, args: string[], { timeoutMs = 30_000, env = [] }: ExecOptions = {}): Promise<ExecResult> {
    const extra = Object.fromEntries(env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
    return runOnHost(file, args, { timeoutMs, env: { ...process.env, ...this.variables(), ...extra } });
  }
}
