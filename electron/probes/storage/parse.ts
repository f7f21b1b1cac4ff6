// Pure: `kubectl get ... -o json` lists -> StorageSnapshot. Kubernetes objects
// arrive as unknown JSON and are read field by field, defensively.
import { definedOnly } from '../../shared/defined';
import { arr, obj, record, str, strings, type Json } from '../../shared/json-fields';
import type { ClaimInfo, NodeVolumesInfo, OwnerRef, PodInfo, StorageSnapshot, VolumeAttachmentInfo, VolumeInfo, WorkloadInfo } from '../../shared/storage-snapshot';


function items(list: unknown, kind: string): Json[] {
  return arr(obj(list).items).map(obj).filter((o) => o.kind === kind || o.kind === undefined);
}

function owners(meta: Json): OwnerRef[] {
  return arr(meta.ownerReferences).map(obj).map((o) => ({
    kind: str(o.kind) ?? '',
    name: str(o.name) ?? '',
    controller: o.controller === true,
    blockOwnerDeletion: o.blockOwnerDeletion === true,
  }));
}

function claimOf(o: Json, events: Json[]): ClaimInfo {
  const meta = obj(o.metadata);
  const spec = obj(o.spec);
  const name = str(meta.name) ?? '';
  const uid = str(meta.uid);
  // Events outlive their object: a claim deleted and made again under the same
  // name must not inherit the old one's, so they are matched by uid when known.
  const about = (e: Json) => {
    const involved = obj(e.involvedObject);
    const eventUid = str(involved.uid);
    return involved.kind === 'PersistentVolumeClaim' && involved.name === name && (uid === undefined || eventUid === undefined || eventUid === uid);
  };
  return {
    name,
    phase: str(obj(o.status).phase) ?? 'Unknown',
    ...definedOnly({
      volumeName: str(spec.volumeName),
      storageClass: str(spec.storageClassName),
      requested: str(obj(obj(spec.resources).requests).storage),
      capacity: str(obj(obj(o.status).capacity).storage),
      selectedNode: str(obj(meta.annotations)['volume.kubernetes.io/selected-node']),
      storageClassWritten: Array.isArray(meta.managedFields)
        ? meta.managedFields.some((m) => obj(obj(obj(m).fieldsV1)['f:spec'])['f:storageClassName'] !== undefined)
        : undefined,
      boundByController: obj(meta.annotations)['pv.kubernetes.io/bound-by-controller'] === 'yes' ? true : undefined,
      bindCompleted: obj(meta.annotations)['pv.kubernetes.io/bind-completed'] === 'yes' ? true : undefined,
    }),
    accessModes: strings(spec.accessModes),
    deleting: meta.deletionTimestamp !== undefined,
    finalizers: strings(meta.finalizers),
    events: events
      .filter(about)
      .map((e) => ({ type: str(e.type) ?? '', reason: str(e.reason) ?? '', message: str(e.message) ?? '' })),
  };
}

function volumeOf(o: Json): VolumeInfo {
  const spec = obj(o.spec);
  const claim = obj(spec.claimRef);
  const hosts = arr(obj(obj(spec.nodeAffinity).required).nodeSelectorTerms)
    .flatMap((t) => arr(obj(t).matchExpressions))
    .map(obj)
    .filter((e) => e.key === 'kubernetes.io/hostname')
    .flatMap((e) => strings(e.values));
  const csi = obj(spec.csi);
  return {
    name: str(obj(o.metadata).name) ?? '',
    phase: str(obj(o.status).phase) ?? 'Unknown',
    ...definedOnly({
      csi: str(csi.driver) ? { driver: str(csi.driver) ?? '', volumeHandle: str(csi.volumeHandle) ?? '' } : undefined,
      claim: str(claim.name) ? `${str(claim.namespace)}/${str(claim.name)}` : undefined,
      capacity: str(obj(spec.capacity).storage),
      storageClass: str(spec.storageClassName),
      provisionedBy: str(obj(obj(o.metadata).annotations)['pv.kubernetes.io/provisioned-by']),
      boundByController: obj(obj(o.metadata).annotations)['pv.kubernetes.io/bound-by-controller'] === 'yes' ? true : undefined,
      path: str(obj(spec.hostPath).path) ?? str(obj(spec.local).path),
    }),
    accessModes: strings(spec.accessModes),
    reclaimPolicy: str(spec.persistentVolumeReclaimPolicy) ?? 'Retain',
    nodeAffinityHosts: hosts,
  };
}

/** The field manager that owns spec: whoever created the object (nobody else writes a VolumeAttachment's spec). */
function specOwner(meta: Json): string | undefined {
  const owner = arr(meta.managedFields)
    .map(obj)
    .find((m) => Object.keys(obj(obj(m.fieldsV1)['f:spec'])).length > 0);
  return owner ? str(owner.manager) : undefined;
}

function attachmentOf(o: Json): VolumeAttachmentInfo {
  const meta = obj(o.metadata);
  const spec = obj(o.spec);
  const status = obj(o.status);
  return {
    name: str(meta.name) ?? '',
    attacher: str(spec.attacher) ?? '',
    node: str(spec.nodeName) ?? '',
    ...definedOnly({
      volume: str(obj(spec.source).persistentVolumeName),
      attachError: str(obj(status.attachError).message),
      detachError: str(obj(status.detachError).message),
      madeBy: specOwner(meta),
    }),
    attached: status.attached === true,
    finalizers: strings(meta.finalizers),
    deleting: meta.deletionTimestamp !== undefined,
  };
}

/** A node's attach records, narrowed to the volumes whose unique names are in `mine`. */
function nodeVolumesOf(o: Json, mine: (uniqueName: string) => boolean): NodeVolumesInfo {
  const status = obj(o.status);
  return {
    name: str(obj(o.metadata).name) ?? '',
    attached: arr(status.volumesAttached).map((v) => str(obj(v).name) ?? '').filter(mine),
    inUse: strings(status.volumesInUse).filter(mine),
  };
}

/** How the attach/detach controller names a CSI volume in node status: kubernetes.io/csi/<driver>^<handle>. */
export const csiUniqueName = (csi: { driver: string; volumeHandle: string }) => `kubernetes.io/csi/${csi.driver}^${csi.volumeHandle}`;

function podOf(o: Json): PodInfo {
  const meta = obj(o.metadata);
  return {
    name: str(meta.name) ?? '',
    uid: str(meta.uid) ?? '',
    phase: str(obj(o.status).phase) ?? 'Unknown',
    ...definedOnly({ node: str(obj(o.spec).nodeName) }),
    claims: arr(obj(o.spec).volumes).flatMap((v) => {
      const claim = str(obj(obj(v).persistentVolumeClaim).claimName);
      return claim ? [claim] : [];
    }),
    labels: record(meta.labels),
    owners: owners(meta),
    deleting: meta.deletionTimestamp !== undefined,
    finalizers: strings(meta.finalizers),
  };
}

function workloadOf(o: Json, kind: WorkloadInfo['kind']): WorkloadInfo {
  const meta = obj(o.metadata);
  return {
    kind,
    name: str(meta.name) ?? '',
    replicas: typeof obj(o.spec).replicas === 'number' ? (obj(o.spec).replicas as number) : 1,
    selector: record(obj(obj(o.spec).selector).matchLabels),
    owners: owners(meta),
    deleting: meta.deletionTimestamp !== undefined,
    finalizers: strings(meta.finalizers),
    ...definedOnly({ revision: str(obj(meta.annotations)['deployment.kubernetes.io/revision']) }),
  };
}

/**
 * `cluster`: PVs, StorageClasses, VolumeAttachments and Nodes; `namespaced`: PVCs, pods, ReplicaSets,
 * Deployments, StatefulSets and events of the learner's namespace. Only the learner's PVs are
 * kept: named with their prefix, or bound to a claim of their namespace.
 */
export function parseStorage(cluster: unknown, namespaced: unknown, namespace: string, prefix: string, takenAt = new Date().toISOString()): StorageSnapshot {
  const events = items(namespaced, 'Event');
  const volumes = items(cluster, 'PersistentVolume')
    .map(volumeOf)
    .filter((v) => v.name.startsWith(prefix) || v.claim?.startsWith(`${namespace}/`));
  const volumeNames = new Set(volumes.map((v) => v.name));
  const uniqueNames = new Set(volumes.flatMap((v) => (v.csi ? [csiUniqueName(v.csi)] : [])));
  return {
    takenAt,
    namespace,
    classes: items(cluster, 'StorageClass').map((o) => ({
      name: str(obj(o.metadata).name) ?? '',
      provisioner: str(o.provisioner) ?? '',
      bindingMode: str(o.volumeBindingMode) ?? 'Immediate',
      reclaimPolicy: str(o.reclaimPolicy) ?? 'Delete',
      isDefault: obj(obj(o.metadata).annotations)['storageclass.kubernetes.io/is-default-class'] === 'true',
    })),
    claims: items(namespaced, 'PersistentVolumeClaim').map((o) => claimOf(o, events)),
    volumes,
    pods: items(namespaced, 'Pod').map(podOf),
    workloads: [
      ...items(namespaced, 'Deployment').map((o) => workloadOf(o, 'Deployment')),
      ...items(namespaced, 'ReplicaSet').map((o) => workloadOf(o, 'ReplicaSet')),
      ...items(namespaced, 'StatefulSet').map((o) => workloadOf(o, 'StatefulSet')),
    ],
    attachments: items(cluster, 'VolumeAttachment')
      .map(attachmentOf)
      .filter((a) => a.volume !== undefined && volumeNames.has(a.volume)),
    nodes: items(cluster, 'Node').map((o) => nodeVolumesOf(o, (n) => uniqueNames.has(n))),
  };
}
