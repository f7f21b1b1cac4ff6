// Kubernetes storage and ownership as one learner's namespace sees it: the
// binding graph Pod -> PVC -> PV -> StorageClass, and who owns which pod.

export interface StorageClassInfo {
  name: string;
  provisioner: string;
  bindingMode: string;
  reclaimPolicy: string;
  isDefault: boolean;
}

export interface ClaimInfo {
  name: string;
  phase: string;
  volumeName?: string;
  storageClass?: string;
  requested?: string;
  capacity?: string;
  accessModes: string[];
  /**
   * pv.kubernetes.io/bound-by-controller: the PV controller chose the volume. A claim
   * that named its volume in spec.volumeName (pre-bound) does not get it.
   */
  boundByController?: true;
  /**
   * Whether a field manager (kubectl, a client) owns spec.storageClassName: the claim's
   * author wrote the class. The DefaultStorageClass admission plugin fills it in after
   * managed fields are recorded, so a defaulted class is owned by nobody.
   * Undefined when the object came without managed fields.
   */
  storageClassWritten?: boolean;
  /** volume.kubernetes.io/selected-node: set once a consumer pod was scheduled */
  selectedNode?: string;
  /** pv.kubernetes.io/bind-completed: the PV controller finished binding the claim */
  bindCompleted?: true;
  /** deletion asked for (deletionTimestamp); finalizers such as kubernetes.io/pvc-protection hold it */
  deleting?: boolean;
  finalizers?: string[];
  /** why it is Pending, from its events, newest last */
  events: { type: string; reason: string; message: string }[];
}

export interface VolumeInfo {
  name: string;
  phase: string;
  /** "namespace/name" of the claim it is bound to */
  claim?: string;
  capacity?: string;
  accessModes: string[];
  reclaimPolicy: string;
  storageClass?: string;
  provisionedBy?: string;
  /** pv.kubernetes.io/bound-by-controller on the volume: the controller set its claimRef (not pre-bound by hand) */
  boundByController?: true;
  nodeAffinityHosts: string[];
  /** its directory on the node: spec.hostPath.path or spec.local.path (what local-path provisions) */
  path?: string;
  /** spec.csi: the CSI driver that serves it and its handle there */
  csi?: { driver: string; volumeHandle: string };
}

/**
 * A VolumeAttachment (storage.k8s.io/v1): the attach/detach controller's
 * request that a CSI volume be attached to a node, which the driver's
 * external attacher answers with ControllerPublishVolume and status.attached.
 */
export interface VolumeAttachmentInfo {
  name: string;
  attacher: string;
  node: string;
  /** spec.source.persistentVolumeName */
  volume?: string;
  attached: boolean;
  attachError?: string;
  detachError?: string;
  /** the field manager that owns spec: kube-controller-manager for the attach/detach controller's own */
  madeBy?: string;
  finalizers: string[];
  /** deletionTimestamp set: detach asked for */
  deleting: boolean;
}

/** What a node's status says about attached volumes: the attach/detach controller's record and the kubelet's. */
export interface NodeVolumesInfo {
  name: string;
  /** status.volumesAttached[].name, e.g. kubernetes.io/csi/csi.nslab.dev^alice-vol */
  attached: string[];
  /** status.volumesInUse: what the kubelet has mounted */
  inUse: string[];
}

export interface OwnerRef {
  kind: string;
  name: string;
  controller: boolean;
  /** a foreground deletion of the owner waits for this dependent to go */
  blockOwnerDeletion: boolean;
}

export interface PodInfo {
  name: string;
  uid: string;
  phase: string;
  node?: string;
  claims: string[];
  labels: Record<string, string>;
  owners: OwnerRef[];
  deleting: boolean;
  /** what holds its deletion back: nslab.dev/hold, or any finalizer nobody serves */
  finalizers: string[];
}

export interface WorkloadInfo {
  kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet';
  name: string;
  replicas: number;
  selector: Record<string, string>;
  owners: OwnerRef[];
  /** deletion asked for (deletionTimestamp): foreground deletion keeps the owner until its dependents are gone */
  deleting: boolean;
  finalizers: string[];
  /** ReplicaSets of a Deployment: deployment.kubernetes.io/revision */
  revision?: string;
}

export interface StorageSnapshot {
  takenAt: string;
  namespace: string;
  classes: StorageClassInfo[];
  claims: ClaimInfo[];
  volumes: VolumeInfo[];
  pods: PodInfo[];
  workloads: WorkloadInfo[];
  /** the VolumeAttachments of the learner's volumes */
  attachments: VolumeAttachmentInfo[];
  /** nodes, with only the entries about the learner's volumes */
  nodes: NodeVolumesInfo[];
}
