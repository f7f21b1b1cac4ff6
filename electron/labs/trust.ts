// What a lab runs and where: the trust a lab pack asks of whoever opens it.
// Pure, from the lab's definition; `nslab lint` prints it for every lab so a
// pack that asks for more than a confined box (privileged, writable cgroups,
// checks nslab runs on a node as root) says so.
import { DEFAULT_BOX_IMAGE, KUBE_TOOLS_IMAGE } from '../env/docker/engine';
import type { Check, LabDefinition } from '../shared/lab';
import type { LabTrust, NodeRead } from '../shared/lab-trust';

const scriptChecks = (lab: LabDefinition): Check[] => lab.steps.flatMap((s) => s.checks).filter((c) => c.check === 'script');
const nodeReads = (lab: LabDefinition): NodeRead[] =>
  lab.steps.flatMap((step) =>
    step.checks.flatMap((c): NodeRead[] =>
      c.check === 'node.path' ? [{ step: step.id, check: c.check, path: c.path }] : c.check === 'node.mounts' ? c.targets.map((path) => ({ step: step.id, check: c.check, path })) : [],
    ),
  );
const nodeCheckCount = (lab: LabDefinition): number => lab.steps.flatMap((s) => s.checks).filter((c) => c.check === 'node.path' || c.check === 'node.mounts').length;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function labTrust(lab: LabDefinition): LabTrust {
  const env = lab.environment;
  const scripts = scriptChecks(lab).length;
  if (env.kind === 'kube') {
    return {
      labId: lab.id,
      runsOn: 'tools',
      inBox: [
        `image ${KUBE_TOOLS_IMAGE} on the local Docker engine: no network, no capability, user learner, the apiserver only`,
        `${plural(env.terminals, 'terminal')} and the solution's lines, typed into the tools box`,
        ...(scripts > 0 ? [`${plural(scripts, 'script check')}: sh in the tools box, as the learner`] : []),
        "on the cluster, with the learner's own token: objects in their namespace, PersistentVolumes and StorageClasses named with their prefix, and CustomResourceDefinitions of their own group (<plural>.<learner>.nslab.dev)",
      ],
      privileges: nodeCheckCount(lab)
        ? [`${plural(nodeCheckCount(lab), 'node check')}: nslab reads these paths and mount points on the node, as root, through its own access (a kind node's container, the nslab guest's ssh)`]
        : [],
      nodeReads: nodeReads(lab),
    };
  }
  return {
    labId: lab.id,
    runsOn: 'box',
    inBox: [
      `image ${env.image ?? DEFAULT_BOX_IMAGE} on the local Docker engine, no network`,
      `${plural(env.terminals, 'terminal')} and the solution's lines, typed into the box`,
      ...(scripts > 0 ? [`${plural(scripts, 'script check')}: sh in the box`] : []),
      ...(env.dockerd ? ['a Docker engine inside the box (its containers stay in the box)'] : []),
    ],
    privileges: [
      ...(env.privileged ? ['--privileged: every host device, no seccomp, nothing masked (the box can reach the host)'] : []),
      ...(env.cgroups === 'writable' || env.dockerd ? ["writable cgroups below the box's own"] : []),
      ...(env.dockerd ? ['bpf() for cgroup device programs (the runtime inside needs them on cgroup v2)'] : []),
    ],
    nodeReads: [],
  };
}
