// Pure: the pod and namespace that make a learner's lab box on Kubernetes, from
// the same BoxSpec and the same security settings as the Docker box
// (docker/box-security.ts), translated field by field:
// - capabilities: every one dropped, BOX_CAPABILITIES added back (the same list);
// - seccomp: nslab's own profile as a Localhost profile when the instructor
//   installed it on the nodes (`nslab serve --seccomp-profile`, see
//   docs/classroom-on-kubernetes.md), else the runtime's default, which is
//   Docker's default profile (containerd and CRI-O ship the same one) and
//   lets a holder of CAP_SYS_ADMIN unshare, setns and mount as the labs do;
//   what it lacks are nslab's extra refusals (perf_event_open, io_uring, the
//   keyrings beyond the default);
// - AppArmor unconfined (its default profile forbids every mount), as on Docker;
// - /proc and /sys masked as the runtime masks them (procMount Default);
// - no network the learner can use: the namespace gets a NetworkPolicy denying
//   all traffic (a CNI that enforces policies is needed, the docs say so); no
//   service account token, no service links;
// - /lab a memory-backed emptyDir (overlayfs cannot stack on the root's overlay);
// - the probe a second container of the pod, sharing its PID namespace
//   (shareProcessNamespace), read-only root, only SYS_PTRACE and SYS_ADMIN.
//   Kubernetes refuses allowPrivilegeEscalation: false beside SYS_ADMIN, so the
//   probe lacks Docker's no-new-privileges; it runs nothing setuid (perl from
//   its read-only root), which is what that flag guards against;
// - privileged: only when the lab says so, as on Docker;
// - a RuntimeClass (sysbox, kata) when the cluster has one: chooseRuntimeClass.
import type { V1Container, V1NetworkPolicy, V1Namespace, V1Pod, V1ResourceRequirements, V1SeccompProfile } from '@kubernetes/client-node';
import type { BoxSpec } from '../box-backend';
import { BOX_CAPABILITIES } from '../docker/box-security';
import { LABEL_LAB, LABEL_ROLE, LABEL_SESSION } from '../docker/labels';
import { PROBE_IMAGE } from '../docker/probe-container';
import { LABEL_LEARNER } from '../kube/kube-environment';
import { PROBE_JOURNAL_DIR } from '../../probes/agent/agent-program';

export const BOX_CONTAINER = 'box';
export const PROBE_CONTAINER = 'probe';
const PROBE_JOURNAL_VOLUME = 'probe-journal';
/** on the namespace and the pod: what `nslab cleanup --kubeconfig` looks for */
export const BOX_ROLE = 'box';
/** The Pod Security level a box's namespace needs: baseline refuses SYS_ADMIN and NET_ADMIN. */
export const BOX_POD_SECURITY = 'privileged';
/** Where nslab's seccomp profile goes on each node, below the kubelet's seccomp dir (/var/lib/kubelet/seccomp). */
export const LOCALHOST_PROFILE = 'nslab/box.json';

export interface PodBoxSettings {
  /** nslab's seccomp profile is installed on the nodes (LOCALHOST_PROFILE) */
  localhostSeccomp: boolean;
  /** a RuntimeClass to run boxes under (chooseRuntimeClass) */
  runtimeClass?: string;
  /** per box; the probe's are fixed and small */
  resources: V1ResourceRequirements;
  /** the size of the /lab workspace (memory: counted against the box's limit) */
  workspace: string;
}

export const DEFAULT_BOX_RESOURCES: V1ResourceRequirements = {
  requests: { cpu: '100m', memory: '128Mi' },
  limits: { cpu: '1', memory: '512Mi' },
};
const PROBE_RESOURCES: V1ResourceRequirements = { requests: { cpu: '20m', memory: '24Mi' }, limits: { cpu: '250m', memory: '64Mi' } };

/** A learner name as the classroom takes it, made a DNS label: "Ana María" → "ana-mar-a". */
export function learnerSlug(learner: string): string {
  const slug = learner
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30)
    .replace(/-+$/, '');
  return slug || 'learner';
}

/** The namespace of a learner's boxes: beside `nslab-<learner>`, where their Kubernetes labs run and which those labs' reset empties. */
export function boxNamespaceName(learner: string): string {
  return `nslab-box-${learnerSlug(learner)}`;
}

export function boxPodName(labId: string, sessionId: string): string {
  return `nslab-${labId}-${sessionId}`.slice(0, 63).replace(/-+$/, '');
}

export function boxLabels(learner: string, sessionId: string, labId: string): Record<string, string> {
  return { [LABEL_LEARNER]: learnerSlug(learner), [LABEL_SESSION]: sessionId, [LABEL_LAB]: labId, [LABEL_ROLE]: BOX_ROLE };
}

/** A learner's box namespace, at the Pod Security level a box needs. */
export function boxNamespace(learner: string): V1Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: boxNamespaceName(learner),
      labels: {
        [LABEL_LEARNER]: learnerSlug(learner),
        [LABEL_ROLE]: BOX_ROLE,
        'pod-security.kubernetes.io/enforce': BOX_POD_SECURITY,
      },
    },
  };
}

/** No traffic in or out of any pod of the namespace: the box's `--network none`, as far as a pod can have it. */
export function denyAllTraffic(namespace: string): V1NetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'nslab-no-traffic', namespace, labels: { [LABEL_ROLE]: BOX_ROLE } },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  };
}

function seccompOf(settings: PodBoxSettings): V1SeccompProfile {
  return settings.localhostSeccomp ? { type: 'Localhost', localhostProfile: LOCALHOST_PROFILE } : { type: 'RuntimeDefault' };
}

function boxContainer(spec: BoxSpec, settings: PodBoxSettings): V1Container {
  return {
    name: BOX_CONTAINER,
    image: spec.image,
    // Classrooms load the images into the nodes (offline, or from a registry of their own).
    imagePullPolicy: 'IfNotPresent',
    securityContext: spec.privileged
      ? { privileged: true }
      : {
          capabilities: { drop: ['ALL'], add: [...BOX_CAPABILITIES] },
          // Kubernetes refuses allowPrivilegeEscalation: false with SYS_ADMIN; the box's root needs none of it anyway.
          allowPrivilegeEscalation: true,
          seccompProfile: seccompOf(settings),
          appArmorProfile: { type: 'Unconfined' },
        },
    resources: settings.resources,
    volumeMounts: [{ name: 'lab', mountPath: '/lab' }],
  };
}

function probeContainer(): V1Container {
  return {
    name: PROBE_CONTAINER,
    image: PROBE_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    // The agent runs through exec; sleep only keeps the container up.
    command: ['sleep', 'infinity'],
    securityContext: {
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['SYS_PTRACE', 'SYS_ADMIN'] },
      // Its reads of the box's processes are ptrace reads, which AppArmor's default profile confines to its own peers.
      appArmorProfile: { type: 'Unconfined' },
      seccompProfile: { type: 'RuntimeDefault' },
    },
    resources: PROBE_RESOURCES,
    // The agents' journal of exits (agent-program.ts), in a volume the box's container does not mount.
    volumeMounts: [{ name: PROBE_JOURNAL_VOLUME, mountPath: PROBE_JOURNAL_DIR }],
  };
}

/** The box's pod: `learner`'s, in their box namespace. */
export function boxPod(spec: BoxSpec & { sessionId: string }, learner: string, settings: PodBoxSettings): V1Pod {
  if (!/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(spec.hostname)) {
    throw new Error(`the box's hostname "${spec.hostname}" is not a DNS label, which a pod's hostname must be`);
  }
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: boxPodName(spec.labId, spec.sessionId),
      namespace: boxNamespaceName(learner),
      labels: boxLabels(learner, spec.sessionId, spec.labId),
    },
    spec: {
      hostname: spec.hostname,
      shareProcessNamespace: true,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      // A box whose init ended is gone; "Reset lab" makes a new pod.
      restartPolicy: 'Never',
      terminationGracePeriodSeconds: 1,
      ...(settings.runtimeClass ? { runtimeClassName: settings.runtimeClass } : {}),
      containers: [boxContainer(spec, settings), probeContainer()],
      volumes: [
        { name: 'lab', emptyDir: { medium: 'Memory', sizeLimit: settings.workspace } },
        { name: PROBE_JOURNAL_VOLUME, emptyDir: { medium: 'Memory', sizeLimit: '4Mi' } },
      ],
    },
  };
}

/**
 * The RuntimeClass boxes run under, of those the cluster has: sysbox first (a
 * user namespace per pod: the box's root is no root on the node, and labs keep
 * working), then kata (a VM per pod). None: the runtime's default, confined as above.
 */
export function chooseRuntimeClass(available: readonly { name: string; handler: string }[]): string | undefined {
  const by = (pattern: RegExp) => available.find((c) => pattern.test(c.handler) || pattern.test(c.name))?.name;
  return by(/sysbox/) ?? by(/kata/);
}
