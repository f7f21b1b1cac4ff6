// nslab's CSI driver as `nslab cluster create` installs it on kind (and the
// guest node's test runs its node plugin): least privilege per component,
// images that need no registry, everything labelled, the RBAC each sidecar's
// release asks for and no more, and the vendored snapshot CRDs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import packageJson from '../../package.json';
import {
  CSI_COMPONENT_LABEL,
  CSI_CONTROLLER,
  CSI_IMAGE_KEYS_ANNOTATION,
  CSI_NAMESPACE,
  CSI_NODE_IMAGE,
  CSI_NODE_SOCKET,
  CSI_SIDECARS_IMAGE,
  CSI_SNAPSHOT_CONTROLLER,
  csiControllerManifests,
  csiDriverObjects,
  csiNodePluginManifests,
  manifestList,
  snapshotControllerManifests,
  withImageKeys,
  type Manifest,
} from '../../electron/env/kube/csi-driver-manifests';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

interface Container {
  name: string;
  image: string;
  imagePullPolicy: string;
  args?: string[];
  securityContext: Record<string, unknown>;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; mountPropagation?: string }[];
}
interface PodSpec {
  containers: Container[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostIPC?: boolean;
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
}
interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const all = (): Manifest[] => [...csiNodePluginManifests(), ...csiControllerManifests(), ...snapshotControllerManifests(), ...csiDriverObjects()];
const ofKind = (items: Manifest[], kind: string) => items.filter((m) => m.kind === kind);
const podSpec = (workload: Manifest) => (workload.spec as { template: { spec: PodSpec } }).template.spec;
const named = (items: Manifest[], kind: string, name: string) => ofKind(items, kind).find((m) => (m.metadata as { name: string }).name === name)!;

describe("nslab's CSI driver's objects", () => {
  it('labels every object, and every pod, nslab.dev/component=csi-driver', () => {
    for (const item of all()) expect((item.metadata as { labels: Record<string, string> }).labels, `${String(item.kind)}`).toMatchObject(CSI_COMPONENT_LABEL);
    for (const workload of [...ofKind(all(), 'DaemonSet'), ...ofKind(all(), 'Deployment')]) {
      expect((workload.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels).toMatchObject(CSI_COMPONENT_LABEL);
    }
  });

  it('runs only images nslab builds, never pulled (kind nodes reach no registry)', () => {
    const pods = [...ofKind(all(), 'DaemonSet'), ...ofKind(all(), 'Deployment')].map(podSpec);
    const containers = pods.flatMap((p) => p.containers);
    expect(new Set(containers.map((c) => c.image))).toEqual(new Set([CSI_NODE_IMAGE, CSI_SIDECARS_IMAGE]));
    expect(containers.every((c) => c.imagePullPolicy === 'Never')).toBe(true);
    // and nslab has a recipe for each, which `nslab prepare` builds and carries
    expect(Object.keys(packageJson.nslab.archiveImages)).toEqual(expect.arrayContaining([CSI_NODE_IMAGE, CSI_SIDECARS_IMAGE]));
    for (const image of [CSI_NODE_IMAGE, CSI_SIDECARS_IMAGE]) {
      const recipe = readFileSync(join(REPO, (packageJson.nslab.archiveImages as Record<string, string>)[image]!), 'utf8');
      expect(recipe).toContain(`TAG=${image}\n`);
    }
  });

  it('makes the node plugin privileged for Bidirectional propagation alone: no token, no host namespace, a read-only root', () => {
    const spec = podSpec(named(all(), 'DaemonSet', 'nslab-csi-node'));
    expect(spec.automountServiceAccountToken).toBe(false);
    expect([spec.hostNetwork, spec.hostPID, spec.hostIPC]).toEqual([undefined, undefined, undefined]);
    const [driver] = spec.containers;
    expect(driver!.securityContext).toEqual({ privileged: true, readOnlyRootFilesystem: true });
    const bidirectional = driver!.volumeMounts!.filter((m) => m.mountPropagation === 'Bidirectional').map((m) => m.mountPath);
    expect(bidirectional).toEqual(['/var/lib/kubelet/plugins/kubernetes.io/csi', '/var/lib/kubelet/pods']);
    expect(driver!.args).toContain(`--socket=${CSI_NODE_SOCKET}`);
    expect([driver!.image, driver!.imagePullPolicy]).toEqual([CSI_NODE_IMAGE, 'Never']);
  });

  it('runs the sidecars and the snapshot-controller unprivileged, each Deployment under an account of its own', () => {
    for (const name of [CSI_CONTROLLER, CSI_SNAPSHOT_CONTROLLER]) {
      const spec = podSpec(named(all(), 'Deployment', name));
      expect(spec.serviceAccountName).toBe(name);
      expect([spec.hostNetwork, spec.hostPID, spec.hostIPC]).toEqual([undefined, undefined, undefined]);
      for (const container of spec.containers) {
        expect(container.securityContext, container.name).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(container.securityContext.privileged).toBeUndefined();
      }
    }
    const sidecars = podSpec(named(all(), 'Deployment', CSI_CONTROLLER)).containers;
    expect(sidecars.map((c) => c.name)).toEqual(['provisioner', 'attacher', 'resizer', 'snapshotter']);
    // they reach the node plugin's socket, read-only, and nothing else of the node
    for (const sidecar of sidecars) {
      expect(sidecar.volumeMounts).toEqual([{ name: 'socket', mountPath: '/var/lib/kubelet/plugins/csi.nslab.dev', readOnly: true }]);
      expect(sidecar.args).toEqual(expect.arrayContaining([`--csi-address=${CSI_NODE_SOCKET}`, '--leader-election=false']));
    }
    // the snapshot-controller needs no socket and no root
    const [controller] = podSpec(named(all(), 'Deployment', CSI_SNAPSHOT_CONTROLLER)).containers;
    expect(controller!.volumeMounts).toBeUndefined();
    expect(controller!.securityContext).toMatchObject({ runAsUser: 65534, runAsNonRoot: true });
  });

  it('binds each role to its own account only, and grants no secret, lease, wildcard or escalation', () => {
    const items = all();
    for (const binding of ofKind(items, 'ClusterRoleBinding')) {
      const { roleRef, subjects } = binding as { roleRef: { name: string }; subjects: { name: string; namespace: string }[] };
      expect(roleRef.name).toBe((binding.metadata as { name: string }).name);
      expect(subjects).toHaveLength(1);
      expect(subjects[0]!.namespace).toBe(CSI_NAMESPACE);
      expect([CSI_CONTROLLER, CSI_SNAPSHOT_CONTROLLER]).toContain(subjects[0]!.name);
    }
    const rules = ofKind(items, 'ClusterRole').flatMap((r) => r.rules as Rule[]);
    const resources = rules.flatMap((r) => r.resources);
    for (const forbidden of ['secrets', 'leases', '*', 'clusterroles', 'rolebindings', 'clusterrolebindings', 'serviceaccounts/token', 'pods/exec']) {
      expect(resources).not.toContain(forbidden);
    }
    expect(rules.flatMap((r) => r.verbs)).not.toEqual(expect.arrayContaining(['*']));
    expect(rules.flatMap((r) => r.verbs)).not.toContain('escalate');
    // the attacher answers VolumeAttachments; the resizer grows claims; the provisioner makes volumes
    const role = (name: string) => named(items, 'ClusterRole', name).rules as Rule[];
    expect(role('nslab-csi-attacher')).toContainEqual({ apiGroups: ['storage.k8s.io'], resources: ['volumeattachments/status'], verbs: ['patch'] });
    expect(role('nslab-csi-resizer')).toContainEqual({ apiGroups: [''], resources: ['persistentvolumeclaims/status'], verbs: ['patch'] });
    expect(role('nslab-csi-provisioner').find((r) => r.resources.includes('persistentvolumes'))!.verbs).toEqual(expect.arrayContaining(['create', 'delete']));
  });

  it("makes the class nslab-csi and the snapshot class the CSI labs use, of the driver csi.nslab.dev", () => {
    const objects = csiDriverObjects();
    expect(named(objects, 'CSIDriver', 'csi.nslab.dev').spec).toEqual({ attachRequired: true, podInfoOnMount: false, volumeLifecycleModes: ['Persistent'] });
    expect(named(objects, 'StorageClass', 'nslab-csi')).toMatchObject({ provisioner: 'csi.nslab.dev', volumeBindingMode: 'Immediate', reclaimPolicy: 'Delete', allowVolumeExpansion: true });
    expect(named(objects, 'VolumeSnapshotClass', 'nslab-csi-snapshots')).toMatchObject({ driver: 'csi.nslab.dev', deletionPolicy: 'Delete' });
  });

  it('names the image keys on every pod template, so new keys roll the pods, and leaves the rest as it was', () => {
    const keyed = withImageKeys(all(), 'nslab/csi-node:1=abc,nslab/csi-sidecars:1=def');
    const templates = keyed.filter((m) => m.kind === 'DaemonSet' || m.kind === 'Deployment');
    expect(templates.map((m) => (m.metadata as { name: string }).name).sort()).toEqual([CSI_CONTROLLER, 'nslab-csi-node', CSI_SNAPSHOT_CONTROLLER].sort());
    for (const m of templates) {
      const template = (m.spec as { template: { metadata: { labels: Record<string, string>; annotations: Record<string, string> } } }).template;
      expect(template.metadata.annotations[CSI_IMAGE_KEYS_ANNOTATION]).toBe('nslab/csi-node:1=abc,nslab/csi-sidecars:1=def');
      expect(template.metadata.labels).toMatchObject(CSI_COMPONENT_LABEL);
    }
    expect(keyed.filter((m) => !templates.includes(m))).toEqual(all().filter((m) => m.kind !== 'DaemonSet' && m.kind !== 'Deployment'));
    // the manifests themselves are not changed
    expect(JSON.stringify(all())).not.toContain(CSI_IMAGE_KEYS_ANNOTATION);
  });

  it('gives kubectl one List document', () => {
    const list = JSON.parse(manifestList(all())) as { kind: string; items: Manifest[] };
    expect(list.kind).toBe('List');
    expect(list.items).toHaveLength(all().length);
  });

  it('vendors the snapshot CRDs the snapshot-controller and csi-snapshotter v8.7.0 serve', () => {
    const dir = join(REPO, 'electron/csi/snapshot-crds');
    const kinds = readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as { kind: string; spec: { names: { kind: string } } }))
      .filter((d) => d?.kind === 'CustomResourceDefinition')
      .map((d) => d.spec.names.kind);
    expect(kinds.sort()).toEqual(['VolumeGroupSnapshot', 'VolumeGroupSnapshotClass', 'VolumeGroupSnapshotContent', 'VolumeSnapshot', 'VolumeSnapshotClass', 'VolumeSnapshotContent']);
  });
});
