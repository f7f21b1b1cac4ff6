// Pure: whether each lab can run on this machine, from the doctor's facts and
// what the lab asks for (its environment, its `requires`, the cgroup
// controllers its checks read). The first unmet need is the one to fix first.
import type { Check, LabDefinition } from '../../shared/lab';
import type { DoctorFacts, LabReadiness } from '../../shared/doctor';
import { DEFAULT_BOX_IMAGE } from '../docker/engine';

export interface ReadinessInput {
  facts: DoctorFacts;
  /** images present on the engine */
  images: Set<string>;
}

type Need = { need: string; met: boolean; fix?: string };

/** The cgroup controllers a check reads (v2 names; v1's cpuacct is part of "cpu" here). */
export function controllersOf(check: Check): string[] {
  switch (check.check) {
    case 'cgroup.limit':
      return check.memory !== undefined ? ['memory'] : check.cpu !== undefined ? ['cpu'] : ['pids'];
    case 'cgroup.cpu-usage':
      return ['cpu'];
    case 'cgroup.counter':
      return check.counter.startsWith('memory') || check.counter === 'oom-kills' ? ['memory'] : check.counter.startsWith('pids') ? ['pids'] : check.counter === 'cpu-throttled' ? ['cpu'] : [];
    default:
      return [];
  }
}

export function labReadiness(lab: Pick<LabDefinition, 'id' | 'title' | 'requires' | 'environment' | 'steps'>, { facts, images }: ReadinessInput): LabReadiness {
  const needs = lab.environment.kind === 'kube' ? clusterNeeds(facts) : boxNeeds(lab, facts, images);
  const missing = needs.find((n) => !n.met);
  return {
    labId: lab.id,
    title: lab.title,
    ready: missing === undefined,
    needs: needs.map((n) => n.need),
    ...(missing ? { missing: { need: missing.need, ...(missing.fix ? { fix: missing.fix } : {}) } } : {}),
  };
}

function clusterNeeds(facts: DoctorFacts): Need[] {
  return [{ need: 'a Kubernetes cluster', met: facts.clusterReachable === true, fix: '`nslab cluster create` (kind), or `--kubeconfig FILE` for a cluster of your own' }];
}

function boxNeeds(lab: Pick<LabDefinition, 'environment' | 'steps'>, facts: DoctorFacts, images: Set<string>): Need[] {
  const image = lab.environment.image ?? DEFAULT_BOX_IMAGE;
  const controllers = [...new Set(lab.steps.flatMap((s) => s.checks.flatMap(controllersOf)))].sort();
  const available = new Set(facts.cgroupControllers ?? []);
  // v1 splits cpu accounting into a hierarchy of its own: the cpu labs read both.
  const has = (c: string) => (c === 'cpu' && facts.cgroupVersion === '1' ? available.has('cpu') && available.has('cpuacct') : available.has(c));
  const needs: Need[] = [
    { need: 'a Docker engine', met: facts.engineReachable, fix: 'start Docker, or `nslab guest up` and set DOCKER_HOST' },
    { need: image, met: images.has(image), fix: `\`nslab prepare\` builds it from Debian's packages` },
  ];
  if (controllers.length > 0) {
    const lacking = controllers.filter((c) => !has(c));
    needs.push({
      need: `cgroup controllers ${controllers.join(', ')}`,
      met: facts.cgroupControllers !== undefined && lacking.length === 0,
      fix: lacking.length > 0 ? `this engine does not delegate ${lacking.join(', ')} to containers; \`nslab guest up\` gives one that does` : undefined,
    });
  }
  return needs;
}
