// Grading one lab in its environment, for `nslab grade <lab>` and for a folder
// of submissions alike: prepare the environment (a lab box, or a learner's
// namespace on a cluster), grade, let it go (also on Ctrl-C) unless kept.
import { LabBox } from '../env/docker/box';
import { boxSpecFor } from '../env/box-backend';
import { connectDocker } from '../env/docker/engine';
import { EnvironmentError } from '../env/errors';
import { existingNslabKindCluster } from '../env/kind/kind-cluster';
import { KubeEnvironment } from '../env/kube/kube-environment';
import type { LabEnvironment } from '../engine/environment';
import { gradeLab, type GradeInput } from '../engine/grader';
import type { LabGrade } from '../shared/grade';
import type { Lab } from '../shared/lab';
import { clusterTarget } from './cluster-options';
import { endProgress, progress } from './output';

export interface RunOptions {
  attach?: string;
  keep: boolean;
  settleMs?: number;
  /** how long a step's typed commands may run */
  typingTimeoutMs?: number;
  kubeconfig?: string;
  context?: string;
  learner: string;
}

/** The lab's environment, and how to let it go when grading is over. */
interface Prepared {
  env: LabEnvironment;
  release(): Promise<void>;
  /** said instead of releasing, with --keep */
  keptMessage?: string;
  /** with --keep: what still goes (a Kubernetes lab's tools box; its namespace stays) */
  keep?(): Promise<void>;
}

async function prepare(lab: Lab, options: RunOptions): Promise<Prepared> {
  if (lab.environment.kind === 'kube') {
    // No cluster named: the kind cluster nslab, or a clear word on what is missing.
    const target = clusterTarget(options) ?? (await existingNslabKindCluster()).kubeTarget(options.learner);
    const env = await KubeEnvironment.create(target);
    // A fresh start: what this learner left from an earlier run would change the grade.
    if (!options.attach) await env.reset();
    return { env, release: () => env.dispose(), keep: () => env.release(), keptMessage: `kept namespace ${env.namespace}` };
  }
  const docker = await connectDocker();
  if (options.attach) {
    const box = await LabBox.attach(docker, options.attach);
    return { env: box, release: async () => undefined };
  }
  const box = await LabBox.create(docker, boxSpecFor(lab));
  return { env: box, release: () => box.dispose(), keptMessage: `kept the lab box: session ${box.sessionId} (nslab grade … --attach ${box.sessionId})` };
}

export async function runGrade(lab: Lab, input: GradeInput, options: RunOptions): Promise<LabGrade> {
  const startedAt = new Date();
  let prepared: Prepared | undefined;
  const disposeOnSignal = () => {
    void (prepared && !options.attach && !options.keep ? prepared.release() : Promise.resolve()).finally(() => process.exit(130));
  };
  process.once('SIGINT', disposeOnSignal);
  process.once('SIGTERM', disposeOnSignal);
  try {
    progress(`preparing ${lab.id}…`);
    prepared = await prepare(lab, options);
    return await gradeLab(lab, prepared.env, input, {
      settleMs: options.settleMs,
      typingTimeoutMs: options.typingTimeoutMs,
      onEvent: (event) => {
        if (event.type === 'step') progress(`[${event.index + 1}/${event.total}] ${event.title}`);
      },
    });
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    return environmentFailure(lab, input, error, startedAt);
  } finally {
    endProgress();
    process.off('SIGINT', disposeOnSignal);
    process.off('SIGTERM', disposeOnSignal);
    // Attached, the cluster's objects are the learner's to keep; the tools box made for this grade still goes.
    if (prepared && options.attach) await prepared.keep?.();
    if (prepared && !options.attach) {
      if (options.keep && prepared.keptMessage) {
        process.stderr.write(`${prepared.keptMessage}\n`);
        await prepared.keep?.();
      } else await prepared.release();
    }
  }
}

export function environmentFailure(lab: Pick<Lab, 'id' | 'title'>, input: Pick<GradeInput, 'mode'>, error: EnvironmentError, startedAt: Date): LabGrade {
  return {
    labId: lab.id,
    title: lab.title,
    status: 'error',
    mode: input.mode,
    environment: 'none',
    steps: [],
    error: `${error.message} ${error.fix}`,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
  };
}
