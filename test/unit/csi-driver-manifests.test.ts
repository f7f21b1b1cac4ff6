// nslab's CSI driver's objects as the guest node's tests install it: the node
// plugin with least privilege, everything labelled, the class and snapshot
// class the CSI labs use, and the vendored snapshot CRDs.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CSI_COMPONENT_LABEL, CSI_NODE_IMAGE, CSI_NODE_SOCKET, csiDriverObjects, csiNodePluginManifests, manifestList, type Manifest } from '../../electron/env/kube/csi-driver-manifests';

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

const all = (): Manifest[] => [...csiNodePluginManifests(), ...csiDriverObjects()];
const ofKind = (items: Manifest[], kind: string) => items.filter((m) => m.kind === kind);
const podSpec = (workload: Manifest) => (workload.spec as { template: { spec: PodSpec } }).template.spec;
const named = (items: Manifest[], kind: string, name: string) => ofKind(items, kind).find((m) => (m.metadata as { name: string }).name === name)!;

describe("nslab's CSI driver's objects", () => {
  it('labels every object, and every pod, nslab.dev/component=csi-driver', () => {
    for (const item of all()) expect((item.metadata as { labels: Record<string, string> }).labels, `${String(item.kind)}`).toMatchObject(CSI_COMPONENT_LABEL);
    for (const workload of ofKind(all(), 'DaemonSet')) {
      expect((workload.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels).toMatchObject(CSI_COMPONENT_LABEL);
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

  it("makes the class nslab-csi and the snapshot class the CSI labs use, of the driver csi.nslab.dev", () => {
    const objects = csiDriverObjects();
    expect(named(objects, 'CSIDriver', 'csi.nslab.dev').spec).toEqual({ attachRequired: true, podInfoOnMount: false, volumeLifecycleModes: ['Persistent'] });
    expect(named(objects, 'StorageClass', 'nslab-csi')).toMatchObject({ provisioner: 'csi.nslab.dev', volumeBindingMode: 'Immediate', reclaimPolicy: 'Delete', allowVolumeExpansion: true });
    expect(named(objects, 'VolumeSnapshotClass', 'nslab-csi-snapshots')).toMatchObject({ driver: 'csi.nslab.dev', deletionPolicy: 'Delete' });
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
