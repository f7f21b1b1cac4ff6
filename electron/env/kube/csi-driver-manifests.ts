// Pure: nslab's teaching CSI driver (electron/csi, `csi.nslab.dev`) installed
// on a cluster as any CSI driver is, as the objects that say it:
// - the node plugin: a DaemonSet of nslab/csi-node:1 (scripts/images/build-csi-node.sh).
//   It registers itself with the kubelet through its registration socket (the
//   job node-driver-registrar does for other drivers) and serves the kubelet's
//   Node* calls on its CSI socket; the same process answers the Controller
//   calls, so the volumes are directories on the node. Privileged only
//   because Kubernetes allows the Bidirectional propagation its bind mounts
//   need (the kubelet must see the staging and publish mounts it makes) in
//   privileged containers alone; no service-account token (it never calls the
//   API server), no host network or PID namespace, a read-only root, and of
//   the node only the kubelet's directories it works in and its own store.
// - the controller: a Deployment of the sidecars (external-provisioner,
//   external-attacher, external-resizer, csi-snapshotter from
//   nslab/csi-sidecars:1, scripts/images/build-csi-sidecars-image.sh), with a
//   ServiceAccount of its own bound to each sidecar's upstream ClusterRole
//   (their deploy/kubernetes/rbac.yaml, leases left out: one replica, no
//   leader election). They dial the node plugin's socket on the node (a
//   hostPath, read-only: connecting to a socket is not a write), which works
//   where the Deployment's pod shares the plugin's node: nslab's kind cluster
//   has one node. Unprivileged, every capability dropped, no host namespace;
//   uid 0 only because the driver's socket is root's (mode 0755 under the
//   plugin's umask) and connect(2) needs write permission on it.
// - the snapshot-controller, once per cluster, with its own account and role;
// - the objects a driver's installation makes: its CSIDriver, the class
//   nslab-csi, the VolumeSnapshotClass nslab-csi-snapshots.
// Everything is labelled nslab.dev/component=csi-driver; the kubelet writes the
// CSINode once it has registered the driver.
// The VolumeSnapshot CRDs come from electron/csi/snapshot-crds (vendored).

export type Manifest = Record<string, unknown>;

export const CSI_DRIVER_NAME = 'csi.nslab.dev';
export const CSI_NAMESPACE = 'nslab-csi';
export const CSI_NODE_IMAGE = 'nslab/csi-node:1';
export const CSI_SIDECARS_IMAGE = 'nslab/csi-sidecars:1';
export const CSI_STORAGE_CLASS = 'nslab-csi';
export const CSI_COMPONENT_LABEL = { 'nslab.dev/component': 'csi-driver' } as const;
/** The node plugin's DaemonSet, controller Deployment and snapshot-controller Deployment. */
export const CSI_NODE_PLUGIN = 'nslab-csi-node';
export const CSI_CONTROLLER = 'nslab-csi-controller';
export const CSI_SNAPSHOT_CONTROLLER = 'nslab-snapshot-controller';

/** On the node: the kubelet dials the endpoint GetInfo names, so the plugin's paths are the node's. */
const PLUGIN_DIR = `/var/lib/kubelet/plugins/${CSI_DRIVER_NAME}`;
export const CSI_NODE_SOCKET = `${PLUGIN_DIR}/csi.sock`;
const REGISTRY_DIR = '/var/lib/kubelet/plugins_registry';
/** The driver's store on the node: a volume is volumes/<pv>/data, so both mounts' root in mountinfo names it. */
export const CSI_NODE_STORE = '/var/lib/nslab-csi';
/** Its call log on the node (JSON lines): what the CSI panel and csi.calls read, brought to this machine. */
export const CSI_NODE_LOG = `${CSI_NODE_STORE}/calls.jsonl`;

const READ = ['get', 'list', 'watch'];
const EVENTS = { apiGroups: [''], resources: ['events'], verbs: ['list', 'watch', 'create', 'update', 'patch'] };
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

/** Each sidecar's ClusterRole rules, as its release's deploy/kubernetes/rbac.yaml has them (no leases). */
export const SIDECAR_RULES: Readonly<Record<'provisioner' | 'attacher' | 'resizer' | 'snapshotter', Rule[]>> = {
  provisioner: [
    { apiGroups: [''], resources: ['persistentvolumes'], verbs: [...READ, 'create', 'patch', 'delete'] },
    { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: [...READ, 'update'] },
    { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'csinodes', 'volumeattachments'], verbs: READ },
    EVENTS,
    { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: [...READ, 'update'] },
    { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents'], verbs: ['get', 'list'] },
    { apiGroups: [''], resources: ['nodes'], verbs: READ },
  ],
  attacher: [
    { apiGroups: [''], resources: ['persistentvolumes'], verbs: [...READ, 'patch'] },
    { apiGroups: ['storage.k8s.io'], resources: ['csinodes'], verbs: READ },
    { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments'], verbs: [...READ, 'patch'] },
    { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments/status'], verbs: ['patch'] },
  ],
  resizer: [
    { apiGroups: [''], resources: ['persistentvolumes'], verbs: [...READ, 'patch'] },
    { apiGroups: [''], resources: ['persistentvolumeclaims', 'pods'], verbs: READ },
    { apiGroups: [''], resources: ['persistentvolumeclaims/status'], verbs: ['patch'] },
    EVENTS,
    { apiGroups: ['storage.k8s.io'], resources: ['volumeattributesclasses'], verbs: READ },
  ],
  snapshotter: [
    EVENTS,
    { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotclasses'], verbs: READ },
    { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents'], verbs: [...READ, 'update', 'patch'] },
    { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents/status'], verbs: ['update', 'patch'] },
    { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshotclasses'], verbs: READ },
    { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshotcontents'], verbs: [...READ, 'update', 'patch'] },
    { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshotcontents/status'], verbs: ['update', 'patch'] },
  ],
};

/** The snapshot-controller's ClusterRole rules (external-snapshotter v8.7.0, rbac-snapshot-controller.yaml, no leases). */
export const SNAPSHOT_CONTROLLER_RULES: readonly Rule[] = [
  { apiGroups: [''], resources: ['persistentvolumes'], verbs: READ },
  { apiGroups: [''], resources: ['persistentvolumeclaims'], verbs: [...READ, 'update'] },
  EVENTS,
  { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotclasses'], verbs: READ },
  { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents'], verbs: ['create', ...READ, 'update', 'delete', 'patch'] },
  { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotcontents/status'], verbs: ['patch'] },
  { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ['create', ...READ, 'update', 'patch', 'delete'] },
  { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots/status'], verbs: ['update', 'patch'] },
  { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshotclasses'], verbs: READ },
  { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshotcontents'], verbs: ['create', ...READ, 'update', 'delete', 'patch'] },
  { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshotcontents/status'], verbs: ['patch'] },
  { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshots'], verbs: [...READ, 'update', 'patch'] },
  { apiGroups: ['groupsnapshot.storage.k8s.io'], resources: ['volumegroupsnapshots/status'], verbs: ['update', 'patch'] },
];

const meta = (name: string, namespaced = true) => ({ name, ...(namespaced ? { namespace: CSI_NAMESPACE } : {}), labels: { ...CSI_COMPONENT_LABEL } });
const hostPath = (name: string, path: string) => ({ name, hostPath: { path, type: 'DirectoryOrCreate' } });

/** No capability, no escalation, a read-only root, the runtime's seccomp profile. */
function unprivileged(runAsUser: number): Manifest {
  return {
    runAsUser,
    runAsNonRoot: runAsUser !== 0,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

function namespace(): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: CSI_NAMESPACE, labels: { ...CSI_COMPONENT_LABEL } } };
}

/** The namespace and the node plugin's DaemonSet: one pod per node. */
export function csiNodePluginManifests(image = CSI_NODE_IMAGE): Manifest[] {
  const app = { 'app.kubernetes.io/name': CSI_NODE_PLUGIN };
  return [
    namespace(),
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta(CSI_NODE_PLUGIN),
      spec: {
        selector: { matchLabels: app },
        template: {
          metadata: { labels: { ...app, ...CSI_COMPONENT_LABEL } },
          spec: {
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            terminationGracePeriodSeconds: 10,
            containers: [
              {
                name: 'driver',
                image,
                imagePullPolicy: 'Never',
                args: [`--socket=${CSI_NODE_SOCKET}`, '--node-id=$(NODE_NAME)', `--root=${CSI_NODE_STORE}`, `--log=${CSI_NODE_LOG}`, `--registry-dir=${REGISTRY_DIR}`],
                env: [{ name: 'NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
                securityContext: { privileged: true, readOnlyRootFilesystem: true },
                volumeMounts: [
                  { name: 'registration', mountPath: REGISTRY_DIR },
                  { name: 'socket', mountPath: PLUGIN_DIR },
                  // where the kubelet stages (…/kubernetes.io/csi/<driver>/<sha256>/globalmount) and publishes (pods/<uid>/volumes/…)
                  { name: 'staging', mountPath: '/var/lib/kubelet/plugins/kubernetes.io/csi', mountPropagation: 'Bidirectional' },
                  { name: 'pods', mountPath: '/var/lib/kubelet/pods', mountPropagation: 'Bidirectional' },
                  // the volumes' directories: the same path as on the node, so mountinfo names them as the node does
                  { name: 'store', mountPath: CSI_NODE_STORE },
                ],
              },
            ],
            volumes: [
              hostPath('registration', REGISTRY_DIR),
              hostPath('socket', PLUGIN_DIR),
              hostPath('staging', '/var/lib/kubelet/plugins/kubernetes.io/csi'),
              hostPath('pods', '/var/lib/kubelet/pods'),
              hostPath('store', CSI_NODE_STORE),
            ],
          },
        },
      },
    },
  ];
}

/** A ServiceAccount and, per role, a ClusterRole and its binding to it. */
function account(name: string, roles: Record<string, readonly Rule[]>): Manifest[] {
  const subject = { kind: 'ServiceAccount', name, namespace: CSI_NAMESPACE };
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta(name) },
    ...Object.entries(roles).flatMap(([role, rules]) => [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: meta(role, false), rules },
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: meta(role, false),
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [subject],
      },
    ]),
  ];
}

/** One replica, its own account, never on the host's namespaces. */
function deployment(name: string, podSpec: Manifest): Manifest {
  const app = { 'app.kubernetes.io/name': name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(name),
    spec: {
      replicas: 1,
      // Recreate: two replicas side by side would both act, with no leader election.
      strategy: { type: 'Recreate' },
      selector: { matchLabels: app },
      template: { metadata: { labels: { ...app, ...CSI_COMPONENT_LABEL } }, spec: { serviceAccountName: name, enableServiceLinks: false, ...podSpec } },
    },
  };
}

/** The sidecars that call the driver's Controller half, with the flags each needs. */
const SIDECARS: Record<keyof typeof SIDECAR_RULES, { binary: string; extra: string[] }> = {
  // --extra-create-metadata: CreateVolume is told the claim's namespace and name (and logs them).
  provisioner: { binary: 'csi-provisioner', extra: ['--extra-create-metadata'] },
  attacher: { binary: 'csi-attacher', extra: [] },
  resizer: { binary: 'csi-resizer', extra: [] },
  snapshotter: { binary: 'csi-snapshotter', extra: [] },
};

/** The controller Deployment of the sidecars and their account, beside the node plugin. */
export function csiControllerManifests(image = CSI_SIDECARS_IMAGE): Manifest[] {
  const roles = Object.fromEntries(Object.entries(SIDECAR_RULES).map(([sidecar, rules]) => [`nslab-csi-${sidecar}`, rules]));
  const containers = Object.entries(SIDECARS).map(([sidecar, { binary, extra }]) => ({
    name: sidecar,
    image,
    imagePullPolicy: 'Never',
    command: [`/bin/${binary}`],
    // Under emulation a call takes seconds: 30 s before a sidecar gives up and retries.
    args: [`--csi-address=${CSI_NODE_SOCKET}`, '--leader-election=false', '--timeout=30s', '--v=2', ...extra],
    securityContext: unprivileged(0),
    volumeMounts: [{ name: 'socket', mountPath: PLUGIN_DIR, readOnly: true }],
  }));
  return [
    ...account(CSI_CONTROLLER, roles),
    deployment(CSI_CONTROLLER, { containers, volumes: [hostPath('socket', PLUGIN_DIR)] }),
  ];
}

/** The cluster's snapshot-controller (VolumeSnapshot → VolumeSnapshotContent) and its account. */
export function snapshotControllerManifests(image = CSI_SIDECARS_IMAGE): Manifest[] {
  const container = {
    name: 'snapshot-controller',
    image,
    imagePullPolicy: 'Never',
    command: ['/bin/snapshot-controller'],
    args: ['--leader-election=false', '--v=2'],
    securityContext: unprivileged(65534),
  };
  return [...account(CSI_SNAPSHOT_CONTROLLER, { [CSI_SNAPSHOT_CONTROLLER]: SNAPSHOT_CONTROLLER_RULES }), deployment(CSI_SNAPSHOT_CONTROLLER, { containers: [container] })];
}

/**
 * What the driver's installation makes: its CSIDriver (attach required: the
 * labs follow the VolumeAttachment), the class nslab-csi (Immediate, Delete,
 * expandable) and the VolumeSnapshotClass nslab-csi-snapshots (Delete: a
 * VolumeSnapshot deleted takes its content and the driver's copy).
 */
export function csiDriverObjects(): Manifest[] {
  return [
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSIDriver',
      metadata: { name: CSI_DRIVER_NAME, labels: { ...CSI_COMPONENT_LABEL } },
      spec: { attachRequired: true, podInfoOnMount: false, volumeLifecycleModes: ['Persistent'] },
    },
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: CSI_STORAGE_CLASS, labels: { ...CSI_COMPONENT_LABEL } },
      provisioner: CSI_DRIVER_NAME,
      volumeBindingMode: 'Immediate',
      reclaimPolicy: 'Delete',
      allowVolumeExpansion: true,
    },
    {
      apiVersion: 'snapshot.storage.k8s.io/v1',
      kind: 'VolumeSnapshotClass',
      metadata: { name: 'nslab-csi-snapshots', labels: { ...CSI_COMPONENT_LABEL } },
      driver: CSI_DRIVER_NAME,
      deletionPolicy: 'Delete',
    },
  ];
}

/** Objects as one document kubectl applies from its stdin. */
export function manifestList(items: Manifest[]): string {
  return `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 1)}\n`;
}

/** On the driver's pod templates: the keys of the images they run (nslab.key, the recipes' hashes). */
export const CSI_IMAGE_KEYS_ANNOTATION = 'nslab.dev/image-keys';

/**
 * The manifests with `keys` on every pod template: an image re-imported under
 * the same tag (a driver fix) changes the template, so applying it rolls the
 * pods onto the new image, and the installed DaemonSet says what it runs.
 */
export function withImageKeys(manifests: Manifest[], keys: string): Manifest[] {
  return manifests.map((m) => {
    if (m.kind !== 'DaemonSet' && m.kind !== 'Deployment') return m;
    const spec = m.spec as { template: { metadata?: { annotations?: Record<string, string> } } };
    const metadata = spec.template.metadata ?? {};
    const annotations = { ...metadata.annotations, [CSI_IMAGE_KEYS_ANNOTATION]: keys };
    return { ...m, spec: { ...spec, template: { ...spec.template, metadata: { ...metadata, annotations } } } };
  });
}
