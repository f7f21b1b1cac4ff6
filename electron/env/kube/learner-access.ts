// Pure: what a learner may do on a cluster, as the objects that say it. nslab
// applies them with its own (admin) kubeconfig; the learner's terminals and the
// lab's script checks get only the token of the ServiceAccount bound here.
//
// - In their namespace nslab-<learner>: the kinds the labs are made of (pods,
//   claims, deployments, replicasets, …), pods/exec and pods/log, events to
//   read. No Secrets, no RBAC, no ServiceAccounts (so no impersonation and no
//   other token), and Pod Security "baseline" enforced there: no privileged
//   pod, no hostPath volume, no host network or PID namespace.
// - Cluster-wide: PersistentVolumes, StorageClasses, VolumeAttachments (and their
//   status) and CustomResourceDefinitions (the labs make or answer them; RBAC
//   cannot narrow a create by name), nodes, CSI drivers and nodes, snapshot
//   classes and contents to read. The admission policy below
//   narrows the writes: volumes and classes named with the learner's prefix (or
//   a volume their own claim held, a provisioned pvc-<uid>), a volume handed to
//   a claim of their own namespace only, a hostPath volume only at a directory
//   /data/<prefix>… right under /data (a local one there or a device
//   /dev/<prefix>…; never deeper, where a symlink the learner made would lead
//   anywhere on the node), attachments of their own volumes, CRDs of their own group
//   <learner>.nslab.dev with no conversion webhook.
//   The prefix is `<learner>-` and is checked with startsWith, so it keeps
//   learners apart only when no learner name followed by '-' begins another:
//   a class on Kubernetes names learners by server/learner-key.ts's keys, which
//   are made so, and a learner named by --learner is refused on a cluster
//   whose learners it would meet (learner-overlap.ts).

/** Marks what belongs to a learner: their namespace and its objects. */
export const LABEL_LEARNER = 'nslab.learner';
/** The ServiceAccount in every learner namespace whose token the learner holds. */
export const LEARNER_ACCOUNT = 'nslab-learner';
/** Shared by every learner: the cluster-scoped kinds the storage labs use. */
export const LEARNER_CLUSTER_ROLE = 'nslab-learner-storage';
export const LEARNER_POLICY = 'nslab-learner-objects';

const ALL_VERBS = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const READ_VERBS = ['get', 'list', 'watch'];
const WRITES = ['CREATE', 'UPDATE', 'DELETE'];

type Manifest = Record<string, unknown>;

export function learnerNamespace(learner: string): string {
  return `nslab-${learner}`;
}

/** The API group a learner's own CustomResourceDefinitions must use: <learner>.nslab.dev. */
export function learnerApiGroup(learner: string): string {
  return `${learner}.nslab.dev`;
}

/** What one learner needs: their namespace, their account and its two bindings. */
export function learnerManifests(learner: string): Manifest[] {
  const namespace = learnerNamespace(learner);
  const labels = { [LABEL_LEARNER]: learner };
  return [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: namespace,
        labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/enforce-version': 'latest' },
      },
    },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: LEARNER_ACCOUNT, namespace, labels }, automountServiceAccountToken: false },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: LEARNER_ACCOUNT, namespace, labels },
      rules: [
        { apiGroups: [''], resources: ['pods', 'persistentvolumeclaims', 'configmaps', 'services'], verbs: ALL_VERBS },
        { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
        // kubectl exec and kubectl run -it: a stream into the learner's own pods.
        { apiGroups: [''], resources: ['pods/exec', 'pods/attach'], verbs: ['get', 'create'] },
        { apiGroups: ['', 'events.k8s.io'], resources: ['events'], verbs: READ_VERBS },
        { apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets'], verbs: ALL_VERBS },
        { apiGroups: ['apps'], resources: ['deployments/scale', 'replicasets/scale', 'statefulsets/scale'], verbs: ['get', 'update', 'patch'] },
        { apiGroups: ['apps'], resources: ['controllerrevisions'], verbs: READ_VERBS },
        // volume-expansion-and-snapshots: a claim's VolumeSnapshot (the snapshot-controller makes its content).
        { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshots'], verbs: ALL_VERBS },
        // The custom resources of a CRD the learner made, in a group of their own.
        { apiGroups: [learnerApiGroup(learner)], resources: ['*'], verbs: ALL_VERBS },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: LEARNER_ACCOUNT, namespace, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: LEARNER_ACCOUNT },
      subjects: [{ kind: 'ServiceAccount', name: LEARNER_ACCOUNT, namespace }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `${LEARNER_CLUSTER_ROLE}-${learner}`, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: LEARNER_CLUSTER_ROLE },
      subjects: [{ kind: 'ServiceAccount', name: LEARNER_ACCOUNT, namespace }],
    },
  ];
}

/**
 * Shared by every learner of a cluster: the cluster role, and the admission
 * policy that keeps each learner's cluster-scoped writes to their own objects.
 * The policy matches only requests of a learner account
 * (system:serviceaccount:nslab-<learner>:nslab-learner), so the binder, the
 * provisioner and nslab itself are never judged by it. CEL on the request:
 * Kubernetes' ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1, GA
 * in 1.30).
 */
export function sharedManifests(): Manifest[] {
  const user = 'request.userInfo.username';
  const is = (resource: string) => `request.resource.resource == '${resource}'`;
  const rule = (resource: string, expression: string, message: string) => ({
    expression: `!(${is(resource)}) || (${expression})`,
    messageExpression: `'nslab: ' + ${message}`,
    reason: 'Forbidden',
  });
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: LEARNER_CLUSTER_ROLE },
      rules: [
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ALL_VERBS },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses', 'volumeattachments'], verbs: ALL_VERBS },
        // csi-attach-by-hand: the learner plays the external attacher, which answers in the status.
        { apiGroups: ['storage.k8s.io'], resources: ['volumeattachments/status'], verbs: ['get', 'update', 'patch'] },
        { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ALL_VERBS },
        { apiGroups: [''], resources: ['nodes'], verbs: READ_VERBS },
        // The CSI labs look at which drivers the cluster and its nodes have.
        { apiGroups: ['storage.k8s.io'], resources: ['csidrivers', 'csinodes'], verbs: READ_VERBS },
        // Snapshot classes are the cluster's; a snapshot's content is made by the snapshot-controller.
        { apiGroups: ['snapshot.storage.k8s.io'], resources: ['volumesnapshotclasses', 'volumesnapshotcontents'], verbs: READ_VERBS },
      ],
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: LEARNER_POLICY },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [
            { apiGroups: [''], apiVersions: ['v1'], resources: ['persistentvolumes'], operations: WRITES },
            { apiGroups: ['storage.k8s.io'], apiVersions: ['v1'], resources: ['storageclasses', 'volumeattachments', 'volumeattachments/status'], operations: WRITES },
            { apiGroups: ['apiextensions.k8s.io'], apiVersions: ['v1'], resources: ['customresourcedefinitions'], operations: WRITES },
          ],
        },
        matchConditions: [
          { name: 'a-learner', expression: `${user}.startsWith('system:serviceaccount:nslab-') && ${user}.endsWith(':${LEARNER_ACCOUNT}')` },
        ],
        variables: [
          { name: 'learnerNamespace', expression: `${user}.split(':')[2]` },
          { name: 'learner', expression: 'variables.learnerNamespace.substring(6)' },
          { name: 'prefix', expression: "variables.learner + '-'" },
          { name: 'dataPath', expression: "'^/data/' + variables.prefix + '[^/]*/?$'" },
          { name: 'devicePath', expression: "'^/dev/' + variables.prefix + '[^/]*$'" },
          // On DELETE `object` is null; on UPDATE the old object says whose it was.
          { name: 'existing', expression: "request.operation == 'CREATE' ? object : oldObject" },
          {
            name: 'claimedByLearner',
            expression:
              'has(variables.existing.spec) && has(variables.existing.spec.claimRef) && has(variables.existing.spec.claimRef.namespace) && variables.existing.spec.claimRef.namespace == variables.learnerNamespace',
          },
        ],
        validations: [
          rule(
            'persistentvolumes',
            'variables.existing.metadata.name.startsWith(variables.prefix) || variables.claimedByLearner',
            "variables.existing.metadata.name + ' is not yours: name cluster-wide objects with your prefix ' + variables.prefix",
          ),
          rule(
            'persistentvolumes',
            "request.operation == 'DELETE' || !has(object.spec.claimRef) || !has(object.spec.claimRef.namespace) || object.spec.claimRef.namespace == variables.learnerNamespace",
            "'a volume can be handed only to a claim in your namespace ' + variables.learnerNamespace",
          ),
          // One path component under /data/ (or /dev/), never deeper: the kubelet's bind
          // mount follows symlinks, so a learner's pod that put `ln -s / root` in their
          // volume /data/<prefix>a would make a second volume /data/<prefix>a/root the
          // node's /. The prefix comes from a namespace name ([a-z0-9-]), so it needs no
          // escaping in the regex.
          rule(
            'persistentvolumes',
            "request.operation != 'CREATE' || ((!has(object.spec.hostPath) || object.spec.hostPath.path.matches(variables.dataPath)) && (!has(object.spec.local) || object.spec.local.path.matches(variables.dataPath) || object.spec.local.path.matches(variables.devicePath)))",
            "'a hostPath volume must be one directory /data/' + variables.prefix + '… right under /data (no deeper path), a local one that or a device /dev/' + variables.prefix + '…'",
          ),
          // The CSI driver finds a volume by its handle (nslab's: the provisioner's pvc-<uid>):
          // a volume of the learner's naming another learner's handle would stage that
          // learner's data in their pod, and with the provisioner's annotation and reclaim
          // Delete have the driver delete it.
          rule(
            'persistentvolumes',
            "request.operation != 'CREATE' || !has(object.spec.csi) || object.spec.csi.volumeHandle.startsWith(variables.prefix)",
            "'a CSI volume of yours names a volume handle of yours: one that begins with ' + variables.prefix",
          ),
          rule(
            'storageclasses',
            'variables.existing.metadata.name.startsWith(variables.prefix)',
            "variables.existing.metadata.name + ' is not yours: name cluster-wide objects with your prefix ' + variables.prefix",
          ),
          // The attach/detach controller names them csi-<hash>: whose it is, is whose volume it attaches.
          rule(
            'volumeattachments',
            "has(variables.existing.spec.source.persistentVolumeName) && variables.existing.spec.source.persistentVolumeName.startsWith(variables.prefix)",
            "variables.existing.metadata.name + ' attaches no volume of yours (their names start with ' + variables.prefix + ')'",
          ),
          // A conversion webhook would have the apiserver call any address the learner names.
          rule(
            'customresourcedefinitions',
            "variables.existing.metadata.name.endsWith('.' + variables.learner + '.nslab.dev') && (request.operation == 'DELETE' || (object.spec.group == variables.learner + '.nslab.dev' && (!has(object.spec.conversion) || object.spec.conversion.strategy != 'Webhook')))",
            "'a CustomResourceDefinition of yours is in the group ' + variables.learner + '.nslab.dev, with no conversion webhook'",
          ),
        ],
      },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: LEARNER_POLICY },
      spec: { policyName: LEARNER_POLICY, validationActions: ['Deny'] },
    },
  ];
}

/** One document for `kubectl apply --server-side -f -`. */
export function asList(manifests: Manifest[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests });
}
