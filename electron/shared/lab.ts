// The lab model: what a labs/<id>/lab.yaml may say. One zod schema serves three
// readers: the loader (validation with located errors), the JSON Schema that
// editors use for completion (labs/lab.schema.json), and the TypeScript types.
import { z } from 'zod';
import { JsonPathError, parseJsonPath } from './jsonpath';

export const NAMESPACE_TYPES = [
  'cgroup',
  'ipc',
  'mnt',
  'net',
  'pid',
  'pid_for_children',
  'time',
  'time_for_children',
  'user',
  'uts',
] as const;
export type NamespaceType = (typeof NAMESPACE_TYPES)[number];

export const REQUIREMENTS = ['docker', 'privileged', 'cgroup-v1', 'cgroup-v2', 'kind'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

const id = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lowercase id of letters, digits and dashes, e.g. "uts-namespace"');
/** Lab and step ids, for other formats that name them (classroom reports). */
export const LabIdSchema = id;

const regex = z.string().refine(
  (source) => {
    try {
      new RegExp(source);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'a valid regular expression' },
);

/** Which process(es) of the lab box a check looks at. */
export const ProcessSelectorSchema = z.union([
  z.literal('init').describe("the box's own PID 1: the reference every namespace is compared with"),
  z
    .strictObject({
      command: regex
        .optional()
        .describe('regular expression matched against the command line (arguments joined by spaces)'),
      name: regex
        .optional()
        .describe(
          "regular expression matched against the process's name (comm in /proc/<pid>/status, at most 15 characters): the only name a zombie still has, since its command line is gone",
        ),
      innerPid: z
        .number()
        .int()
        .positive()
        .optional()
        .describe('the PID the process has in its own, innermost PID namespace (1 = it is that namespace\'s init)'),
      shell: z
        .literal(true)
        .optional()
        .describe(
          'any interactive shell (sh, bash, dash, zsh, ash, ksh, mksh, fish, busybox sh), whatever the learner chose or $SHELL gave `unshare` without a program',
        ),
      ownNamespace: z
        .enum(NAMESPACE_TYPES)
        .optional()
        .describe(
          "only processes in a namespace of this type other than the box's init's: with `shell: true`, the shell the learner started with unshare, not the terminals' own shells",
        ),
    })
    .refine((s) => s.command !== undefined || s.name !== undefined || s.innerPid !== undefined || s.shell !== undefined, {
      message: 'a selector needs "command", "name", "innerPid", "shell" or a combination ("ownNamespace" narrows them)',
    }),
]);
export type ProcessSelector = z.infer<typeof ProcessSelectorSchema>;

/**
 * What a check needs of the cluster beyond its API. kwok (the test control
 * plane's kubelet) gives pods a phase, but no container runs and nothing is
 * mounted; a check that looks inside a pod or on a node cannot judge there.
 */
export const CHECK_NEEDS = ['kind', 'kubelet', 'cgroup-v1'] as const;
export type CheckNeed = (typeof CHECK_NEEDS)[number];

const checkBase = {
  title: z.string().min(1).optional().describe('what the learner sees next to the result; generated when absent'),
  hint: z.string().min(1).optional().describe('added to the failure message: what to try next'),
  needs: z
    .enum(CHECK_NEEDS)
    .optional()
    .describe(
      'kind: reads a node through its kind container (docker exec); kubelet: needs pods that really run and mount volumes (kind or a real cluster, not kwok); cgroup-v1: reads files only cgroup v1 has (devices.list). Elsewhere the check is skipped, with the reason in the grade',
    ),
};

const NsDiffersSchema = z.strictObject({
  check: z.literal('ns.differs'),
  ...checkBase,
  type: z.enum(NAMESPACE_TYPES),
  process: ProcessSelectorSchema,
  from: ProcessSelectorSchema.default('init'),
});

const NsSameSchema = z.strictObject({
  check: z.literal('ns.same'),
  ...checkBase,
  type: z.enum(NAMESPACE_TYPES),
  process: ProcessSelectorSchema,
  as: ProcessSelectorSchema.default('init'),
});

const ProcessExistsSchema = z.strictObject({
  check: z.literal('process.exists'),
  ...checkBase,
  process: ProcessSelectorSchema,
  min: z.number().int().nonnegative().default(1),
  max: z.number().int().nonnegative().optional(),
});

/** Process states as /proc/<pid>/status names them (its State letter: R, S, D, T, t, Z, X, I). */
export const PROCESS_STATES = ['running', 'sleeping', 'disk-sleep', 'stopped', 'tracing-stop', 'zombie', 'dead', 'idle'] as const;
export type ProcessState = (typeof PROCESS_STATES)[number];

const ProcessStatusSchema = z
  .strictObject({
    check: z.literal('process.status'),
    ...checkBase,
    process: ProcessSelectorSchema,
    state: z
      .array(z.enum(PROCESS_STATES))
      .min(1)
      .optional()
      .describe(
        'any of these states (running also counts runnable, waiting for a CPU). A frozen cgroup\'s tasks read disk-sleep on cgroup v1 and sleeping on v2; a SIGSTOPped one reads stopped',
      ),
    parent: ProcessSelectorSchema.optional().describe('its parent (PPid) is a process this selector matches: where an orphan went'),
    cgroup: z
      .string()
      .startsWith('/')
      .optional()
      .describe(
        "only processes that are members of this cgroup (path from the box's cgroup root, e.g. /lab-b): how a process was moved there does not matter, so a command line need not name it",
      ),
    pidDepth: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("how many PID namespaces it has a PID in, the box's own included (its NSpid entries as the box sees them): 2 = a namespace of the box's, 3 = one nested in that"),
  })
  .refine((c) => c.state !== undefined || c.parent !== undefined || c.pidDepth !== undefined, {
    message: 'say "state", "parent", "pidDepth" or a combination',
  });

const ProcessExitedSchema = z.strictObject({
  check: z.literal('process.exited'),
  ...checkBase,
  process: ProcessSelectorSchema.describe(
    'the process that must have died, as the probe last saw it alive; only processes of PID namespaces below the box\'s are followed',
  ),
  tookWith: ProcessSelectorSchema.optional().describe(
    "a process that must have died with this one's PID namespace (the kernel SIGKILLs the rest of a namespace when its init dies), not been killed on its own before: how the end state was reached, which the end state alone cannot tell",
  ),
});

const textExpectation = {
  equals: z.string().optional().describe('the whole content, trailing newline ignored'),
  contains: z.string().optional(),
  matches: regex.optional(),
};
const hasOneExpectation = (c: { equals?: string; contains?: string; matches?: string }) =>
  [c.equals, c.contains, c.matches].filter((v) => v !== undefined).length === 1;
const oneExpectation = { message: 'say exactly one of "equals", "contains" or "matches"' };

const FileContentSchema = z
  .strictObject({
    check: z.literal('file.content'),
    ...checkBase,
    path: z.string().startsWith('/', 'an absolute path inside the lab box'),
    ...textExpectation,
  })
  .refine(hasOneExpectation, oneExpectation);

const UtsHostnameSchema = z
  .strictObject({
    check: z.literal('uts.hostname'),
    ...checkBase,
    process: ProcessSelectorSchema,
    ...textExpectation,
  })
  .refine(hasOneExpectation, oneExpectation);

const ScriptSchema = z.strictObject({
  check: z.literal('script'),
  ...checkBase,
  run: z.string().min(1).describe('a sh script run in the lab box'),
  exitCode: z.number().int().default(0),
  stdout: regex.optional().describe('regular expression the output must match'),
  timeoutSeconds: z
    .number()
    .int()
    .positive()
    .max(120)
    .default(30)
    .describe('how long the script may run: a script that waits for a controller to answer needs more than the default on a busy cluster'),
});

const cgroupPath = z
  .string()
  .startsWith('/', 'a cgroup path as the box sees it, e.g. "/lab-mem" (the box\'s own cgroup is "/")');

/** Which cgroup: by path, or the one a process is in. */
const cgroupTarget = {
  cgroup: cgroupPath.optional(),
  process: ProcessSelectorSchema.optional(),
};
const oneTarget = (c: { cgroup?: string; process?: unknown }) => (c.cgroup === undefined) !== (c.process === undefined);
const oneTargetMessage = { message: 'say either "cgroup" (a path) or "process" (a selector), not both' };

export const SIZE_PATTERN = /^(max|\d+(\.\d+)?[KMG]?)$/;

const CgroupLimitSchema = z
  .strictObject({
    check: z.literal('cgroup.limit'),
    ...checkBase,
    ...cgroupTarget,
    memory: z.string().regex(SIZE_PATTERN, 'a size such as "64M", "67108864" or "max"').optional(),
    cpu: z
      .string()
      .regex(/^(max|\d+)( \d+)?$/, 'a cpu.max value such as "50000 100000" or "max"')
      .optional()
      .describe(
        'as cgroup v2 writes it ("quota period"); compared as the ratio quota/period, so "20000 40000" passes for "50000 100000". A v1 cfs_quota_us/cfs_period_us pair is read the same way',
      ),
    pids: z.union([z.number().int().positive(), z.literal('max')]).optional(),
  })
  .refine(oneTarget, oneTargetMessage)
  .refine((c) => [c.memory, c.cpu, c.pids].filter((v) => v !== undefined).length === 1, {
    message: 'say exactly one of "memory", "cpu" or "pids"',
  });

export const CGROUP_COUNTERS = [
  'oom-kills',
  'memory-limit-hits',
  'memory-current',
  'memory-peak',
  'pids-current',
  'pids-refused',
  'cpu-throttled',
  'procs',
] as const;

/**
 * Counters the kernel only ever adds to (events since the cgroup was made), so
 * their increase over a step means something. Gauges (memory in use, tasks,
 * members) and the peak go down or start over and are judged as they stand.
 */
export const CUMULATIVE_CGROUP_COUNTERS = ['oom-kills', 'memory-limit-hits', 'pids-refused', 'cpu-throttled'] as const;
const isCumulative = (counter: string) => (CUMULATIVE_CGROUP_COUNTERS as readonly string[]).includes(counter);

const CgroupCounterSchema = z
  .strictObject({
    check: z.literal('cgroup.counter'),
    ...checkBase,
    ...cgroupTarget,
    counter: z.enum(CGROUP_COUNTERS),
    min: z.number().nonnegative().optional(),
    max: z.number().nonnegative().optional(),
    since: z
      .literal('step-start')
      .optional()
      .describe(
        'judge the increase since the step began, not the total: "min"/"max" bound what happened during this step (the grader reads the counter before it types the step; the app when the learner opens the step or passes the one before). Only for counters that only grow: ' +
          CUMULATIVE_CGROUP_COUNTERS.join(', '),
      ),
  })
  .refine(oneTarget, oneTargetMessage)
  .refine((c) => c.min !== undefined || c.max !== undefined, { message: 'say "min", "max" or both' })
  .refine((c) => c.since === undefined || isCumulative(c.counter), {
    message: `"since: step-start" counts an increase, so it needs a counter that only grows (${CUMULATIVE_CGROUP_COUNTERS.join(', ')})`,
    path: ['since'],
  });

const CgroupCpuUsageSchema = z
  .strictObject({
    check: z.literal('cgroup.cpu-usage'),
    ...checkBase,
    ...cgroupTarget,
    min: z.number().nonnegative().describe('CPUs used on average over the window, e.g. 0.15'),
    max: z.number().positive(),
    windowMs: z.number().int().min(200).max(10_000).default(2_000),
  })
  .refine(oneTarget, oneTargetMessage);

const CgroupCpuRatioSchema = z
  .strictObject({
    check: z.literal('cgroup.cpu-ratio'),
    ...checkBase,
    cgroup: cgroupPath,
    over: cgroupPath.describe('the cgroup it is compared with'),
    measure: z
      .enum(['usage', 'weight'])
      .default('usage')
      .describe(
        'usage: CPU time used over the window (the kernel\'s counters: what the weights did); weight: cpu.weight (v2) or cpu.shares (v1), what was asked',
      ),
    min: z.number().positive().describe('cgroup\'s value divided by over\'s, at least'),
    max: z.number().positive(),
    windowMs: z.number().int().min(200).max(10_000).default(3_000).describe('usage only: how long to measure'),
  })
  .refine((c) => c.min <= c.max, { message: '"min" must not exceed "max"' });

const CgroupFreezerSchema = z
  .strictObject({
    check: z.literal('cgroup.freezer'),
    ...checkBase,
    ...cgroupTarget,
    state: z
      .enum(['frozen', 'thawed'])
      .describe('frozen: the kernel has stopped every task (v2 cgroup.events "frozen 1", v1 freezer.state FROZEN), not merely been asked to'),
  })
  .refine(oneTarget, oneTargetMessage);

const CgroupDevicesSchema = z
  .strictObject({
    check: z.literal('cgroup.devices'),
    ...checkBase,
    ...cgroupTarget,
    device: z.string().regex(/^[cb] (\d+|\*):(\d+|\*)$/, 'a device as devices.list names it, e.g. "c 1:5"'),
    denied: z
      .string()
      .regex(/^[rwm]+$/, 'accesses: r (read), w (write), m (mknod)')
      .describe('the cgroup\'s devices.list grants none of these accesses to that device. cgroup v1 only: say needs: cgroup-v1'),
  })
  .refine(oneTarget, oneTargetMessage);

const CgroupMemberSchema = z.strictObject({
  check: z.literal('cgroup.member'),
  ...checkBase,
  process: ProcessSelectorSchema,
  cgroup: cgroupPath,
});

const mountTarget = {
  target: z.string().startsWith('/', 'an absolute mount point'),
  in: ProcessSelectorSchema.default('init').describe("whose mount namespace to look in (default: the box's init)"),
};

export const PROPAGATIONS = ['shared', 'slave', 'shared-and-slave', 'private', 'unbindable'] as const;

const MountExistsSchema = z.strictObject({
  check: z.literal('mount.exists'),
  ...checkBase,
  ...mountTarget,
  fsType: z.string().optional(),
  present: z.boolean().default(true).describe('false: the mount point must NOT be a mount in that namespace'),
});

const MountPropagationSchema = z.strictObject({
  check: z.literal('mount.propagation'),
  ...checkBase,
  ...mountTarget,
  is: z.enum(PROPAGATIONS),
});

const MountPeersSchema = z.strictObject({
  check: z.literal('mount.peers'),
  ...checkBase,
  ...mountTarget,
  with: z.strictObject(mountTarget),
  relation: z
    .enum(['peer', 'slave-of', 'unrelated'])
    .describe('peer: same shared:N; slave-of: target\'s master:N is with\'s shared:N; unrelated: neither'),
});

const OverlayLayersSchema = z.strictObject({
  check: z.literal('overlay.layers'),
  ...checkBase,
  ...mountTarget,
  lowerDirs: z.array(z.string()).min(1).describe('top first, as in lowerdir='),
  upperDir: z.string().optional(),
});

const OverlayEntrySchema = z.strictObject({
  check: z.literal('overlay.entry'),
  ...checkBase,
  ...mountTarget,
  path: z.string().describe('relative to the merged root, e.g. "a" or "dir/file"'),
  state: z
    .enum(['whiteout', 'copied-up', 'replaced', 'new', 'opaque-dir', 'absent'])
    .describe(
      'copied-up: the kernel copied the lower entry up (it marks the copy with trusted.overlay.origin); replaced: an upper entry hides a lower one without being its copy, e.g. put into the upper dir by hand',
    ),
});

const ipv4 = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/, 'an IPv4 address, e.g. "10.0.0.1"');
const inNamespace = {
  in: ProcessSelectorSchema.default('init').describe("whose network namespace to look in (default: the box's init, the box's own)"),
};

const NetAddressSchema = z.strictObject({
  check: z.literal('net.address'),
  ...checkBase,
  ...inNamespace,
  link: z.string().min(1),
  address: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'an address with its prefix, e.g. "10.0.0.2/24"')
    .describe('the namespace holds this address with a route to its network on that link: the link is up'),
});

const NetRouteSchema = z.strictObject({
  check: z.literal('net.route'),
  ...checkBase,
  ...inNamespace,
  defaultVia: ipv4.describe('the default route goes through this gateway'),
});

const NetPingSchema = z.strictObject({
  check: z.literal('net.ping'),
  ...checkBase,
  ...inNamespace,
  reached: ipv4.describe("the namespace got ICMP echo replies (its own /proc/net/snmp counters) and learned this address's MAC (ARP)"),
});

const NetBridgeSchema = z.strictObject({
  check: z.literal('net.bridge'),
  ...checkBase,
  name: z.string().min(1).describe("a bridge of the box's own network namespace"),
  ports: z.array(z.string().min(1)).default([]).describe('links that must be its ports, up'),
  learned: z.boolean().default(false).describe("true: its forwarding database learned a MAC on each of those ports (traffic crossed it), not only the bridge's own"),
});

const UserMapSchema = z.strictObject({
  check: z.literal('user.map'),
  ...checkBase,
  process: ProcessSelectorSchema,
  uidMap: z.string().optional().describe('uid_map as the kernel prints it, spaces folded: "0 1000 1"'),
  gidMap: z.string().optional(),
});

const k8sName = z.string().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, 'a Kubernetes object name');

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] as const;

const K8sClaimSchema = z
  .strictObject({
    check: z.literal('k8s.pvc'),
    ...checkBase,
    name: k8sName,
    present: z.boolean().default(true).describe('false: there must be no claim of that name (deleted, finalizers done)'),
    phase: z.enum(['Pending', 'Bound', 'Lost']).optional(),
    volumeName: k8sName.optional().describe("as the lab names it; the learner's prefix is added for the lookup"),
    storageClass: z.string().optional(),
    accessModes: z.array(z.enum(ACCESS_MODES)).min(1).optional().describe('exactly these, in any order'),
    selectedNode: z.boolean().optional().describe('true: the scheduler has picked a node for it (WaitForFirstConsumer)'),
    boundBy: z
      .enum(['controller', 'claim'])
      .optional()
      .describe(
        'controller: the PV controller chose the volume (it annotates the claim pv.kubernetes.io/bound-by-controller); claim: the claim named its volume itself (spec.volumeName, pre-bound)',
      ),
    storageClassFrom: z
      .enum(['default', 'claim'])
      .optional()
      .describe(
        "default: the DefaultStorageClass admission plugin filled in spec.storageClassName (no field manager owns it); claim: the claim's author wrote it",
      ),
    deleting: z
      .boolean()
      .optional()
      .describe('true: its deletion was asked for but finalizers (pvc-protection) hold it back'),
    event: z.string().optional().describe('an event reason it must have, e.g. ProvisioningFailed'),
    eventMessage: z.string().min(1).optional().describe('text the message of that event contains'),
  })
  .refine((c) => c.eventMessage === undefined || c.event !== undefined, { message: '"eventMessage" needs "event" (the reason)' });

const K8sVolumeSchema = z
  .strictObject({
    check: z.literal('k8s.pv'),
    ...checkBase,
    name: k8sName.optional().describe("as the lab names it, without the learner's prefix"),
    claim: k8sName.optional().describe('or: the PV bound (or once bound) to this claim of the namespace'),
    present: z.boolean().default(true),
    phase: z.enum(['Available', 'Bound', 'Released', 'Failed']).optional(),
    reclaimPolicy: z.enum(['Retain', 'Delete', 'Recycle']).optional(),
    provisionedBy: z.string().optional().describe('the provisioner that made it, e.g. rancher.io/local-path'),
    sameNodeAs: k8sName.optional().describe('a pod: the node the volume\'s node affinity pins it to is the node that pod runs on'),
  })
  .refine((c) => (c.name === undefined) !== (c.claim === undefined), { message: 'say either "name" or "claim"' });

const K8sPodsSchema = z
  .strictObject({
    check: z.literal('k8s.pods'),
    ...checkBase,
    name: k8sName.optional().describe('the pod of this name'),
    labels: z.record(z.string(), z.string()).optional().describe('pods whose labels include all of these'),
    count: z.number().int().nonnegative(),
    phase: z.string().optional().describe('count only pods in this phase'),
    ownerKind: z
      .string()
      .optional()
      .describe('count only pods whose controller is of this kind, e.g. ReplicaSet; "none": pods no controller owns'),
    notLabels: z
      .record(z.string(), z.string())
      .optional()
      .describe('count only pods that do not carry all of these: the label removed or set to another value both count'),
    claim: k8sName.optional().describe('count only pods with a volume from this claim (spec.volumes[].persistentVolumeClaim.claimName)'),
  })
  .refine((c) => c.name !== undefined || c.labels !== undefined, { message: 'say "name", "labels" or both' });

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** One field condition of k8s.object: a JSONPath and what it must (not) reach. */
export const FieldConditionSchema = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .superRefine((path, ctx) => {
        try {
          parseJsonPath(path);
        } catch (error) {
          if (!(error instanceof JsonPathError)) throw error;
          ctx.addIssue({ code: 'custom', message: `a kubectl JSONPath: ${error.message}` });
        }
      })
      .describe(
        'a kubectl JSONPath, e.g. "{.metadata.annotations.pv\\.kubernetes\\.io/bind-completed}" or "{.metadata.ownerReferences[?(@.controller==true)].kind}"',
      ),
    equals: scalar.optional().describe('one value the path reaches equals this (numbers and booleans compared as kubectl prints them)'),
    contains: z.string().optional().describe('one value the path reaches, as text, contains this'),
    matches: regex.optional().describe('one value the path reaches, as text, matches this regular expression'),
    exists: z.boolean().optional().describe('true: the path reaches something; false: it reaches nothing (a field or annotation that is absent)'),
  })
  .refine((c) => [c.equals, c.contains, c.matches, c.exists].filter((v) => v !== undefined).length === 1, {
    message: 'say exactly one of "equals", "contains", "matches" or "exists"',
  });
export type FieldCondition = z.infer<typeof FieldConditionSchema>;

const k8sResource = z
  .string()
  .regex(/^([a-z0-9]([a-z0-9.-]*[a-z0-9])?|[a-z0-9.-]*\$\{NSLAB_LEARNER\}[a-z0-9.-]*)$/, 'a resource as kubectl names it: "deployments", "pvc", "greetings.${NSLAB_LEARNER}.nslab.dev"');

const K8sObjectSchema = z
  .strictObject({
    check: z.literal('k8s.object'),
    ...checkBase,
    resource: k8sResource.describe(
      'any resource kubectl knows, custom ones too: plural, singular or short name, or <plural>.<group>; ${NSLAB_LEARNER} is replaced by the learner\'s name (for a group of their own)',
    ),
    name: k8sName.optional().describe("one object of that name; a cluster-scoped one (cluster: true) is looked up with the learner's prefix"),
    labels: z.record(z.string().regex(/^[A-Za-z0-9./_-]+$/), z.string().regex(/^[A-Za-z0-9._-]*$/)).optional().describe('or: the objects whose labels include all of these'),
    cluster: z
      .boolean()
      .default(false)
      .describe("true: a cluster-scoped resource (PVs, StorageClasses, CRDs): only names with the learner's prefix count"),
    where: z
      .array(FieldConditionSchema)
      .default([])
      .describe('conditions an object must meet to count; ${NSLAB_PREFIX}, ${NSLAB_NAMESPACE} and ${NSLAB_LEARNER} in their values are the learner\'s'),
    count: z.number().int().nonnegative().optional().describe('exactly this many objects meet every condition (default: at least one)'),
    present: z.boolean().default(true).describe('false: no object of that name (or with those labels) meets the conditions'),
  })
  .refine((c) => !(c.present === false && c.count !== undefined), { message: 'say "present: false" or "count", not both' })
  .refine((c) => !(c.name !== undefined && c.labels !== undefined), { message: 'say "name" or "labels", not both' });
const K8sVolumeAttachmentSchema = z.strictObject({
  check: z.literal('k8s.volumeattachment'),
  ...checkBase,
  claim: k8sName.describe('the VolumeAttachment of the volume bound (or once bound) to this claim of the namespace'),
  present: z.boolean().default(true).describe('false: there must be none (detached, finalizers done)'),
  attached: z.boolean().optional().describe("status.attached: what the external attacher reports once ControllerPublishVolume succeeded"),
  attacher: z.string().optional().describe('spec.attacher: the CSI driver that must attach it, e.g. csi.nslab.dev'),
  sameNodeAs: k8sName.optional().describe('a pod: spec.nodeName is the node that pod runs on'),
  madeBy: z
    .enum(['attach-detach-controller', 'other'])
    .optional()
    .describe("attach-detach-controller: kube-controller-manager created it (its field manager owns spec); other: someone else did, e.g. by hand with kubectl"),
  finalizer: z.string().optional().describe('a finalizer it must carry, e.g. external-attacher/csi-nslab-dev'),
  deleting: z.boolean().optional().describe('true: detach was asked for (deletionTimestamp) and a finalizer holds it back'),
  nodeReports: z
    .boolean()
    .optional()
    .describe("true: the node's status.volumesAttached lists the volume (the attach/detach controller's own record); false: it does not"),
});

/** The CSI calls a csi.calls check can name. */
export const CSI_METHODS = [
  'CreateVolume',
  'DeleteVolume',
  'ControllerPublishVolume',
  'ControllerUnpublishVolume',
  'ControllerExpandVolume',
  'NodeStageVolume',
  'NodeUnstageVolume',
  'NodePublishVolume',
  'NodeUnpublishVolume',
  'NodeExpandVolume',
  'CreateSnapshot',
  'DeleteSnapshot',
] as const;

const CsiCallsSchema = z.strictObject({
  check: z.literal('csi.calls'),
  ...checkBase,
  claim: k8sName.describe("the volume nslab's CSI driver made for this claim of the namespace (its CreateVolume names the claim)"),
  sequence: z
    .array(z.enum(CSI_METHODS))
    .min(1)
    .describe("these calls for that volume, each answered OK, in this order in the driver's log (other calls may come between)"),
  absent: z.array(z.enum(CSI_METHODS)).optional().describe('none of these answered OK for that volume'),
  restoredFrom: k8sName
    .optional()
    .describe("a claim of the namespace: the volume's CreateVolume restored a snapshot the driver took (CreateSnapshot) of that claim's volume"),
});

/** Where a node.* check looks: a pod's node, a claim's volume, or every node nslab can read. */
const nodeWhere = {
  pod: k8sName.optional().describe('read the node this pod of the namespace runs on; ${POD_UID} in paths is its uid'),
  claim: k8sName
    .optional()
    .describe(
      "the volume bound to this claim of the namespace: ${VOLUME} in paths is its name, ${VOLUME_PATH} its directory on the node (spec.hostPath.path or spec.local.path); without pod, read the node its node affinity names",
    ),
};

/** A path on a node: absolute, or under the claim's volume; `*` and `?` match within one name. */
const nodePath = z
  .string()
  .regex(/^(\/|\$\{VOLUME_PATH\})[^\n]*$/, 'an absolute path on the node, or one under ${VOLUME_PATH}')
  .refine((p) => !/(^|\/)\.\.(\/|$)/.test(p), { message: 'no ".." in a node path' });

/** Placeholders a node path may hold; lint asks for the pod or claim each needs. */
export const NODE_PATH_PLACEHOLDERS = { POD_UID: 'pod', VOLUME: 'claim', VOLUME_PATH: 'claim' } as const;

const NodePathSchema = z
  .strictObject({
    check: z.literal('node.path'),
    ...checkBase,
    ...nodeWhere,
    path: nodePath.describe(
      'what must (not) exist on the node: `*` and `?` match within one name; ${NSLAB_NAMESPACE}, ${NSLAB_PREFIX}, ${NSLAB_LEARNER}, ${POD_UID}, ${VOLUME} and ${VOLUME_PATH} are filled in',
    ),
    present: z.boolean().default(true).describe('false: nothing on the node matches path'),
    content: regex.optional().describe('a regular file matching path whose text (its first 64 kB) matches this regular expression'),
  })
  .refine((c) => !(c.present === false && c.content !== undefined), { message: 'say "present: false" or "content", not both' });

const NodeMountsSchema = z.strictObject({
  check: z.literal('node.mounts'),
  ...checkBase,
  ...nodeWhere,
  targets: z
    .array(nodePath)
    .min(1)
    .describe("mount points the node's mount table (its PID 1's /proc/1/mountinfo) must hold, each matched by at least one mount; placeholders and `*` as in node.path"),
  sameSource: z
    .boolean()
    .default(false)
    .describe(
      'true: one source, device and root (mountinfo fields 3 and 4), shows in a mount of every target, as bind mounts of one directory do; other mounts a glob matches (another volume staged on the node) do not count against it',
    ),
});

export const CheckSchema = z.discriminatedUnion('check', [
  NodePathSchema,
  NodeMountsSchema,
  CsiCallsSchema,
  K8sObjectSchema,
  K8sClaimSchema,
  K8sVolumeSchema,
  K8sPodsSchema,
  K8sVolumeAttachmentSchema,
  NsDiffersSchema,
  NsSameSchema,
  ProcessExistsSchema,
  ProcessStatusSchema,
  ProcessExitedSchema,
  FileContentSchema,
  UtsHostnameSchema,
  ScriptSchema,
  CgroupLimitSchema,
  CgroupCounterSchema,
  CgroupCpuUsageSchema,
  CgroupMemberSchema,
  CgroupCpuRatioSchema,
  CgroupFreezerSchema,
  CgroupDevicesSchema,
  MountExistsSchema,
  MountPropagationSchema,
  MountPeersSchema,
  OverlayLayersSchema,
  OverlayEntrySchema,
  UserMapSchema,
  NetAddressSchema,
  NetRouteSchema,
  NetPingSchema,
  NetBridgeSchema,
]);
export type Check = z.infer<typeof CheckSchema>;
export type CheckKind = Check['check'];

export const SolutionLineSchema = z.union([
  z.string().min(1),
  z.strictObject({
    terminal: z.number().int().positive().default(1),
    run: z.string().min(1),
    when: z
      .enum(['cgroup-v1', 'cgroup-v2', 'kubelet'])
      .optional()
      .describe('typed only on hosts of that cgroup version, or (kubelet) where pods really run: not on kwok, where it would wait for a container that never starts'),
  }),
]);
export type SolutionLine = z.infer<typeof SolutionLineSchema>;

export const StepSchema = z.strictObject({
  id,
  title: z.string().min(1),
  text: z.string().endsWith('.md', 'a Markdown file next to lab.yaml, e.g. "steps/01-unshare.md"'),
  hints: z.array(z.string().min(1)).default([]),
  solution: z.array(SolutionLineSchema).min(1, 'at least one line the learner would type'),
  checks: z.array(CheckSchema).min(1, 'at least one check, or the step cannot be graded'),
});
export type Step = z.infer<typeof StepSchema>;

export const EnvironmentSchema = z.strictObject({
  kind: z
    .enum(['box', 'kube'])
    .default('box')
    .describe('box: a labelled lab container with the capabilities and seccomp allowances the labs need; kube: a Kubernetes cluster through kubectl in a tools box (no network, a token of the learner)'),
  image: z.string().min(1).optional().describe('defaults to the nslab box image'),
  terminals: z.number().int().min(1).max(4).default(1),
  hostname: z.string().min(1).default('nslab-box'),
  cgroups: z
    .enum(['read-only', 'writable'])
    .default('read-only')
    .describe('writable: the lab creates cgroups under the box\'s own (see env/docker/box-setup.ts)'),
  dockerd: z.boolean().default(false).describe('start a Docker engine inside the box (needs the box-docker image)'),
  privileged: z
    .boolean()
    .default(false)
    .describe(
      'the box runs --privileged: every host device, no seccomp, nothing masked. Only for a lab that cannot work otherwise; shown to the learner and in every grade, and listed by nslab lint',
    ),
});

export const LabSchema = z.strictObject({
  $schema: z.string().optional(),
  id,
  title: z.string().min(1),
  summary: z.string().min(1),
  level: z.enum(['beginner', 'intermediate', 'advanced']),
  minutes: z.number().int().positive(),
  requires: z.array(z.enum(REQUIREMENTS)).default(['docker']),
  environment: EnvironmentSchema.default({ kind: 'box', terminals: 1, hostname: 'nslab-box', cgroups: 'read-only', dockerd: false, privileged: false }),
  steps: z.array(StepSchema).min(1),
});
export type LabDefinition = z.infer<typeof LabSchema>;

/** A lab as loaded from disk: the definition plus where it lives and its step texts. */
export interface Lab extends LabDefinition {
  dir: string;
  file: string;
  stepTexts: Record<string, string>;
}

/** A located problem in a lab file, as lint prints it and the catalog shows it. */
export interface LabProblem {
  file: string;
  line: number;
  column: number;
  /** field path, e.g. "steps[0].checks[1].type"; empty for the whole file */
  path: string;
  message: string;
}
