// Pure: whether a box's pod is ready for its learner, still coming, or will
// never come (and what the instructor can do about it), from its status.
import type { V1ContainerStateTerminated, V1Pod } from '@kubernetes/client-node';

export type PodReadiness = { state: 'ready' } | { state: 'waiting'; why: string } | { state: 'failed'; why: string; fix: string };

/** Waiting reasons a container does not recover from by itself. */
const STUCK_REASONS = new Set(['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError']);

/** runc's words when a container was to join the namespaces of its pod's sandbox and the sandbox's process was gone (pid 0: containerd knows of none). */
const SANDBOX_GONE = /namespace path: lstat \/proc\/\d+\/ns\//;

function endedContainer(name: string, ended: V1ContainerStateTerminated): PodReadiness {
  const what = `${ended.reason ?? `exit ${ended.exitCode}`}${ended.message ? `: ${ended.message.trim()}` : ''}`;
  if (ended.reason === 'StartError' && SANDBOX_GONE.test(ended.message ?? '')) {
    return {
      state: 'failed',
      why: `the node started the box's ${name} container in a pod sandbox that had already stopped (${what})`,
      fix:
        "On a slow node, a call to the container runtime outlasted the kubelet's runtimeRequestTimeout (2 min by default); the kubelet then stopped the pod's sandbox and started the container again in it. Reset the lab for a new box; on nodes that slow, raise the kubelet's runtimeRequestTimeout or let fewer boxes start at once.",
    };
  }
  return {
    state: 'failed',
    why: ended.reason === 'StartError' ? `the node could not start the box's ${name} container (${what})` : `the box's ${name} container ended (${what})`,
    fix: 'Reset the lab for a new box; if it happens again, `kubectl describe pod` in the learner\'s box namespace says why.',
  };
}

export function podReadiness(pod: V1Pod): PodReadiness {
  const status = pod.status ?? {};
  const containers = status.containerStatuses ?? [];
  if (status.phase === 'Failed' || status.phase === 'Succeeded') {
    const ended = containers.find((c) => c.state?.terminated)?.state?.terminated;
    return {
      state: 'failed',
      why: `the box's pod ended (${status.phase}${ended ? `: ${ended.reason ?? `exit ${ended.exitCode}`}${ended.message ? `, ${ended.message}` : ''}` : ''})`,
      fix: 'Reset the lab for a new box; if it ends again, `kubectl describe pod` in the learner\'s box namespace says why.',
    };
  }
  for (const container of containers) {
    // restartPolicy Never: a box or probe container that ended (or never ran: StartError) stays so while the other keeps the pod Running.
    const ended = container.state?.terminated;
    if (ended) return endedContainer(container.name, ended);
    const waiting = container.state?.waiting;
    if (waiting?.reason && STUCK_REASONS.has(waiting.reason)) {
      if (/deadline exceeded/i.test(waiting.message ?? '')) {
        return {
          state: 'failed',
          why: `the node's container runtime did not start the box's ${container.name} container within the kubelet's runtimeRequestTimeout (${waiting.reason}: ${waiting.message})`,
          fix: "The node is overloaded or slow (2 min is the kubelet's default wait). Reset the lab for a new box; on nodes that slow, raise the kubelet's runtimeRequestTimeout or let fewer boxes start at once.",
        };
      }
      const image = /Image/.test(waiting.reason);
      return {
        state: 'failed',
        why: `the box's ${container.name} container cannot start: ${waiting.reason}${waiting.message ? ` (${waiting.message})` : ''}`,
        fix: image
          ? `Load ${container.image} into every node's runtime (see docs/classroom-on-kubernetes.md: \`nslab prepare --save\`, then import it), or push it to a registry the nodes pull from.`
          : 'The cluster refused the box as nslab asks for it; the docs list what the cluster must allow.',
      };
    }
  }
  const unschedulable = status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unschedulable) return { state: 'waiting', why: `not scheduled yet: ${unschedulable.message ?? unschedulable.reason ?? 'no node fits'}` };
  if (status.phase === 'Running' && containers.length > 0 && containers.every((c) => c.ready)) return { state: 'ready' };
  return { state: 'waiting', why: `the pod is ${status.phase ?? 'being created'}` };
}
