// The lab box as a pod (pod-spec.ts) in the learner's box namespace on a
// Kubernetes cluster: created, waited for, set up and probed like the Docker box,
// with every exec going through the API server (pod-exec.ts). Learners of one
// class share one KubeBoxCluster; each gets a BoxBackend of their own.
import { ApiException, CoreV1Api, KubeConfig, NetworkingV1Api, NodeV1Api, type V1Pod } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import type { BoxState, EnvironmentFacts, EnvironmentShell, ExecOptions, ExecResult } from '../../engine/environment';
import { agentsOfNewBox, BoxProbe } from '../../probes/agent/box-probe';
import { terminalShell } from '../../terminals/terminal-session';
import type { TerminalProcess } from '../../terminals/terminal-process';
import type { Box, BoxBackend, BoxSpec } from '../box-backend';
import { BOX_SETUP_SCRIPT, boxSetupExec, parseBoxSetup } from '../docker/box-setup';
import { EnvironmentError } from '../errors';
import { execInPod, openPodAgent, podTerminal, type PodRef } from './pod-exec';
import { podReadiness } from './pod-status';
import {
  BOX_CONTAINER,
  boxNamespace,
  boxNamespaceName,
  boxPod,
  boxPodName,
  chooseRuntimeClass,
  DEFAULT_BOX_RESOURCES,
  denyAllTraffic,
  PROBE_CONTAINER,
  type PodBoxSettings,
} from './pod-spec';

export interface KubeBoxTarget {
  kubeconfig: string;
  context?: string;
}

/**
 * How long a box may take to start, unless the class says (--box-start-seconds):
 * scheduled, its containers running (an image the node already has), set up and
 * its init found: one budget for all of it, as the learner waits for all of it.
 */
export const READY_TIMEOUT_MS = 180_000;
/** How long a deleted box pod may take to leave its node. */
const GONE_TIMEOUT_MS = 60_000;

/**
 * The box's init as the pod's shared PID namespace numbers it: the lowest pid
 * in the box container's mount namespace. Run once, at creation, before the
 * learner has typed anything.
 */
const FIND_INIT = `self=$(readlink /proc/self/ns/mnt)
for d in /proc/[0-9]*; do [ "$(readlink "$d/ns/mnt" 2>/dev/null)" = "$self" ] && echo "\${d#/proc/}"; done | sort -n | head -n 1`;

/**
 * Cgroups made writable by a fresh mount are rooted at the mounting process's
 * cgroup namespace: in the box's own, the box's cgroup; in the node's (cgroup v1
 * nodes run containers there), the node's root. Every line of /proc/self/cgroup
 * ends in ":/" only in a namespace of the box's own.
 */
const OWN_CGROUP_NAMESPACE = `! grep -qv ':/$' /proc/self/cgroup`;

function apiCode(error: unknown): number | undefined {
  return error instanceof ApiException ? error.code : undefined;
}

async function ignoring<T>(codes: number[], call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (error) {
    if (codes.includes(apiCode(error) ?? 0)) return undefined;
    throw error;
  }
}

/** The Status message the API server answered with, else what failed. */
function apiMessage(error: unknown): string {
  if (!(error instanceof ApiException)) return (error as Error).message;
  const body: unknown = error.body;
  try {
    const status = (typeof body === 'string' ? JSON.parse(body) : body) as { message?: unknown };
    if (typeof status.message === 'string') return status.message;
  } catch {
    // not a Status: fall through to the code
  }
  return `HTTP ${error.code}`;
}

/** One class's cluster: the connection, and how its boxes are made. */
export class KubeBoxCluster {
  readonly core: CoreV1Api;
  private readonly networking: NetworkingV1Api;

  private constructor(
    readonly config: KubeConfig,
    readonly settings: PodBoxSettings,
    /** a slow cluster (nodes under emulation, a cold autoscaler) needs longer than READY_TIMEOUT_MS */
    private readonly startTimeoutMs: number,
  ) {
    this.core = config.makeApiClient(CoreV1Api);
    this.networking = config.makeApiClient(NetworkingV1Api);
  }

  /** Reads the kubeconfig and what the cluster offers boxes (a RuntimeClass). */
  static async open(target: KubeBoxTarget, settings: Partial<PodBoxSettings> = {}, startTimeoutMs = READY_TIMEOUT_MS): Promise<KubeBoxCluster> {
    const config = new KubeConfig();
    config.loadFromFile(target.kubeconfig);
    if (target.context) config.setCurrentContext(target.context);
    // RuntimeClasses are cluster-scoped and may not be readable: then none is used.
    const classes = await config
      .makeApiClient(NodeV1Api)
      .listRuntimeClass()
      .then((list) => list.items.map((c) => ({ name: c.metadata?.name ?? '', handler: c.handler })))
      .catch(() => []);
    const runtimeClass = settings.runtimeClass ?? chooseRuntimeClass(classes);
    return new KubeBoxCluster(config, {
      localhostSeccomp: settings.localhostSeccomp ?? false,
      resources: settings.resources ?? DEFAULT_BOX_RESOURCES,
      workspace: settings.workspace ?? '256Mi',
      ...(runtimeClass ? { runtimeClass } : {}),
    }, startTimeoutMs);
  }

  /** The boxes of one learner, in their box namespace. */
  boxesFor(learner: string): BoxBackend {
    return { create: (spec) => PodBox.create(this, learner, spec) };
  }

  /** The learner's box namespace with its no-traffic policy; there already is fine. */
  async ensureNamespace(learner: string): Promise<string> {
    const namespace = boxNamespace(learner);
    await ignoring([409], this.core.createNamespace({ body: namespace }));
    await ignoring([409], this.networking.createNamespacedNetworkPolicy({ namespace: boxNamespaceName(learner), body: denyAllTraffic(boxNamespaceName(learner)) }));
    return boxNamespaceName(learner);
  }

  /** When a box whose start begins now must be ready: the class's start budget. */
  startDeadline(): StartDeadline {
    return new StartDeadline(this.startTimeoutMs);
  }

  /** Creates the pod and waits until both its containers run; removes it when they will not. */
  async startPod(pod: V1Pod, deadline = this.startDeadline()): Promise<void> {
    const namespace = pod.metadata!.namespace!;
    const name = pod.metadata!.name!;
    try {
      await this.core.createNamespacedPod({ namespace, body: pod });
    } catch (error) {
      throw new EnvironmentError(
        `The cluster refused the lab box: ${apiMessage(error)}`,
        apiCode(error) === 403
          ? 'nslab needs the RBAC of docs/classroom-on-kubernetes.md, and the box namespace at Pod Security level "privileged" (baseline refuses SYS_ADMIN).'
          : 'See docs/classroom-on-kubernetes.md for what the cluster must allow.',
      );
    }
    let why = 'the pod is being created';
    for (;;) {
      const readiness = podReadiness(await this.core.readNamespacedPod({ name, namespace }));
      if (readiness.state === 'ready') return;
      if (readiness.state === 'failed' || deadline.passed()) {
        await this.deletePod(namespace, name);
        if (readiness.state === 'failed') throw new EnvironmentError(`The lab box could not start: ${readiness.why}.`, readiness.fix);
        throw new EnvironmentError(
          `The lab box was not running after ${deadline.budgetSeconds} s (${why}).`,
          `The cluster may be full (\`kubectl get pods -A -l nslab.role=box\`, the nodes' capacity) or its nodes slow: \`nslab serve --box-start-seconds N\` gives a box longer.`,
        );
      }
      why = readiness.why;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /**
   * Deletes the pod and waits (bounded) until it is gone: a reset makes a pod of
   * the same name at once, which the API server refuses while the old one is
   * still terminating on its node.
   */
  async deletePod(namespace: string, name: string): Promise<void> {
    await ignoring([404], this.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 }));
    const deadline = Date.now() + GONE_TIMEOUT_MS;
    while ((await ignoring([404], this.core.readNamespacedPod({ name, namespace }))) !== undefined) {
      if (Date.now() > deadline) throw new EnvironmentError(`The box pod ${namespace}/${name} was still there ${GONE_TIMEOUT_MS / 1000} s after its deletion.`, 'Its node may be unreachable: `kubectl describe pod` says; `nslab cleanup --kubeconfig` removes it later.');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/**
 * What is left of a box's start budget. The setup execs after the pod runs get
 * what remains, not a fixed time: on a slow node (emulated, overloaded) the pod
 * itself took long, and its execs are as slow.
 */
export class StartDeadline {
  private readonly at: number;

  constructor(private readonly budgetMs: number) {
    this.at = Date.now() + budgetMs;
  }

  get budgetSeconds(): number {
    return Math.round(this.budgetMs / 1000);
  }

  passed(): boolean {
    return Date.now() > this.at;
  }

  /** The time an exec may take now: what remains, but at least `floorMs` (its usual time) so a pod ready at the last moment is still set up. */
  execTimeoutMs(floorMs: number): number {
    return Math.max(floorMs, this.at - Date.now());
  }
}

const SLOW_NODE_FIX = "The box's node is slow or overloaded (`kubectl top node`); `nslab serve --box-start-seconds N` gives a box longer to start.";

/** The usual time of a setup step that only reads (/proc/self/cgroup, the box's processes). */
const SETUP_READ_MS = 20_000;

/**
 * A setup step in the box, given what is left of the start budget (at least its
 * usual time); one that runs out says which step, the budget, and how to give more.
 */
async function setupExec(ref: PodRef, script: string, what: string, deadline: StartDeadline, usual: ExecOptions = {}): Promise<ExecResult> {
  const timeoutMs = deadline.execTimeoutMs(usual.timeoutMs ?? SETUP_READ_MS);
  const result = await execInPod(ref, BOX_CONTAINER, script, { ...usual, timeoutMs });
  if (result.timedOut) {
    throw new EnvironmentError(
      `The lab box runs, but ${what} did not finish within ${Math.round(timeoutMs / 1000)} s (the box's start may take ${deadline.budgetSeconds} s in all).`,
      SLOW_NODE_FIX,
    );
  }
  return result;
}

export class PodBox implements Box {
  private constructor(
    private readonly cluster: KubeBoxCluster,
    private readonly learner: string,
    private readonly spec: BoxSpec & { sessionId: string },
    private readonly ref: PodRef,
    readonly facts: EnvironmentFacts,
    private readonly probe: BoxProbe,
  ) {}

  static async create(cluster: KubeBoxCluster, learner: string, given: BoxSpec): Promise<PodBox> {
    const spec = { ...given, sessionId: given.sessionId ?? randomBytes(4).toString('hex') };
    const namespace = await cluster.ensureNamespace(learner);
    const pod = boxPod(spec, learner, cluster.settings);
    const deadline = cluster.startDeadline();
    await cluster.startPod(pod, deadline);
    const ref: PodRef = { config: cluster.config, namespace, pod: boxPodName(spec.labId, spec.sessionId) };
    try {
      const facts = await setUp(ref, spec, deadline);
      const init = await setupExec(ref, FIND_INIT, "finding the box's first process", deadline);
      const initPid = init.stdout.trim();
      if (init.exitCode !== 0 || !/^\d+$/.test(initPid)) throw new Error(`the box's init was not found: ${init.stderr.trim() || init.stdout.trim() || `exit ${init.exitCode}`}`);
      const probe = new BoxProbe(agentsOfNewBox((boxIsNew) => openPodAgent(ref, PROBE_CONTAINER, Number(initPid), boxIsNew)), { firstAnswerMs: deadline.execTimeoutMs(SETUP_READ_MS) });
      // The box is ready when its probe answers: the agent's start belongs to the box's start, not to the learner's first check.
      await probe.read().catch(async (error: Error) => {
        await probe.dispose();
        throw new EnvironmentError(`The lab box runs, but its probe did not read it: ${error.message} (the box's start may take ${deadline.budgetSeconds} s in all).`, SLOW_NODE_FIX);
      });
      return new PodBox(cluster, learner, spec, ref, facts, probe);
    } catch (error) {
      await cluster.deletePod(namespace, ref.pod);
      throw error;
    }
  }

  get sessionId(): string {
    return this.spec.sessionId;
  }

  get labId(): string {
    return this.spec.labId;
  }

  get state(): BoxState {
    return this.probe;
  }

  get description(): string {
    const { settings } = this.cluster;
    const mode = this.spec.privileged ? 'privileged' : `confined, seccomp ${settings.localhostSeccomp ? 'nslab' : 'runtime default'}${settings.runtimeClass ? `, runtime class ${settings.runtimeClass}` : ''}`;
    return `kubernetes pod ${this.ref.namespace}/${this.ref.pod} (${mode}, cgroup ${this.facts.cgroupVersion})`;
  }

  exec(script: string, options?: ExecOptions): Promise<ExecResult> {
    return execInPod(this.ref, BOX_CONTAINER, script, options);
  }

  async openShell(): Promise<EnvironmentShell> {
    return terminalShell(podTerminal(this.ref, BOX_CONTAINER, 120, 32));
  }

  openTerminal(cols: number, rows: number): TerminalProcess {
    return podTerminal(this.ref, BOX_CONTAINER, cols, rows);
  }

  async reset(): Promise<PodBox> {
    await this.dispose();
    return PodBox.create(this.cluster, this.learner, this.spec);
  }

  async dispose(): Promise<void> {
    await this.probe.dispose();
    await this.cluster.deletePod(this.ref.namespace, this.ref.pod);
  }
}

async function setUp(ref: PodRef, spec: BoxSpec, deadline: StartDeadline): Promise<EnvironmentFacts> {
  const writable = spec.writableCgroups || spec.dockerd;
  if (writable && !spec.privileged) {
    const own = await setupExec(ref, OWN_CGROUP_NAMESPACE, "reading the box's cgroup namespace", deadline);
    if (own.exitCode !== 0) {
      throw new EnvironmentError(
        "This lab makes cgroups, and this cluster's nodes run containers in the node's cgroup namespace (cgroup v1): the box's cgroups would be the node's.",
        'Run cgroup labs on nodes with cgroup v2 (containerd gives every container a cgroup namespace of its own there).',
      );
    }
  }
  const result = await setupExec(ref, BOX_SETUP_SCRIPT, "the box's setup", deadline, boxSetupExec(spec));
  if (result.exitCode !== 0) {
    throw new EnvironmentError(`The lab box could not be set up: ${result.stderr.trim() || `exit ${result.exitCode}`}`, 'Please report this output with `kubectl describe pod` of the box.');
  }
  return parseBoxSetup(result.stdout);
}
