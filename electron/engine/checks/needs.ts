// Pure: whether the environment can show what a check looks at. A check that
// reads inside a pod or on a node would fail on kwok's simulated nodes for a
// reason that teaches nothing, or pass by accident; it is skipped there instead,
// and the grade says why.
import type { CheckNeed } from '../../shared/lab';
import type { EnvironmentFacts } from '../environment';

const WHAT: Record<CheckNeed, string> = {
  kind: 'a kind cluster, whose nodes are containers nslab can look into',
  kubelet: 'pods that really run (kind or a real cluster)',
  'cgroup-v1': 'cgroup v1 files (devices.list)',
};

/** Why the check cannot run here, or undefined when it can. */
export function unmetNeed(need: CheckNeed | undefined, facts: EnvironmentFacts): string | undefined {
  if (need === undefined) return undefined;
  const needs = `needs ${WHAT[need]}`;
  if (need === 'cgroup-v1') {
    // v2 moved device access rules into a BPF program attached to the cgroup: no file shows them.
    return facts.cgroupVersion === 'v2' ? `${needs}; this box runs cgroup v2, where device rules are a BPF program and no file lists them` : undefined;
  }
  switch (facts.cluster) {
    case 'kind':
      return undefined;
    case 'cluster':
      return need === 'kubelet' ? undefined : `${needs}; this cluster is not kind, so its nodes cannot be reached`;
    case 'kwok':
      return `${needs}; kwok simulates this cluster's nodes: no container runs and nothing is mounted`;
    case undefined:
      return `${needs}; this lab runs in a Docker box, not on a cluster`;
  }
}
