// Pure: nslab's teaching CSI driver (electron/csi, `csi.nslab.dev`) installed
// on a cluster as any CSI driver is, as the objects that say it (the guest
// node's tests apply them; its sidecars run beside the test control plane):
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
// - the objects a driver's installation makes: its CSIDriver, the class
//   nslab-csi, the VolumeSnapshotClass nslab-csi-snapshots.
// Everything is labelled nslab.dev/component=csi-driver; the kubelet writes the
// CSINode once it has registered the driver.
// The VolumeSnapshot CRDs come from electron/csi/snapshot-crds (vendored).

export type Manifest = Record<string, unknown>;

export const CSI_DRIVER_NAME = 'csi.nslab.dev';
export const CSI_NAMESPACE = 'nslab-csi';
export const CSI_NODE_IMAGE = 'nslab/csi-node:1';
export const CSI_STORAGE_CLASS = 'nslab-csi';
export const CSI_COMPONENT_LABEL = { 'nslab.dev/component': 'csi-driver' } as const;
/** The node plugin's DaemonSet. */
export const CSI_NODE_PLUGIN = 'nslab-csi-node';

/** On the node: the kubelet dials the endpoint GetInfo names, so the plugin's paths are the node's. */
const PLUGIN_DIR = `/var/lib/kubelet/plugins/${CSI_DRIVER_NAME}`;
export const CSI_NODE_SOCKET = `${PLUGIN_DIR}/csi.sock`;
const REGISTRY_DIR = '/var/lib/kubelet/plugins_registry';
/** The driver's store on the node: a volume is volumes/<pv>/data, so both mounts' root in mountinfo names it. */
export const CSI_NODE_STORE = '/var/lib/nslab-csi';
/** Its call log on the node (JSON lines): what the CSI panel and csi.calls read, brought to this machine. */
export const CSI_NODE_LOG = `${CSI_NODE_STORE}/calls.jsonl`;

const meta = (name: string) => ({ name, namespace: CSI_NAMESPACE, labels: { ...CSI_COMPONENT_LABEL } });
const hostPath = (name: string, path: string) => ({ name, hostPath: { path, type: 'DirectoryOrCreate' } });

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
