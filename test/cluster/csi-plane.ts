// nslab's CSI driver beside the test control plane, with every sidecar that
// calls its controller half, as a cluster installs them: the
// external-provisioner (CreateVolume/DeleteVolume), external-attacher
// (ControllerPublish/Unpublish), external-resizer (ControllerExpandVolume) and
// csi-snapshotter (CreateSnapshot/DeleteSnapshot), plus the cluster-wide
// snapshot-controller and the VolumeSnapshot CRDs it serves; all built from
// the Go module proxy by build-csi-sidecars.sh (the CRDs vendored in
// electron/csi/snapshot-crds). Then the objects its installation makes
// (csiDriverObjects, the same `nslab cluster create` makes on kind). The driver runs here (for kwok's
// node), or on a real node (csi-node-plugin.ts), whose socket the sidecars are
// then given once it is reachable (startSidecars).
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { csiDriverObjects, manifestList } from '../../electron/env/kube/csi-driver-manifests';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const CSI_DRIVER = join(HERE, '../../out/csi/nslab-csi.mjs');
/** build-csi-sidecars.sh's defaults: the binaries are cached under these names. */
const SIDECARS = {
  provisioner: 'csi-provisioner-v6.4.0',
  attacher: 'csi-attacher-v4.13.0',
  resizer: 'csi-resizer-v2.3.0',
  snapshotter: 'csi-snapshotter-v8.7.0',
  'snapshot-controller': 'snapshot-controller-v8.7.0',
} as const;
const SNAPSHOT_CRDS = join(HERE, '../../electron/csi/snapshot-crds');

export type RunChild = (name: string, file: string, args: string[]) => ChildProcess;

export interface CsiPlaneOptions {
  run: RunChild;
  /** the cluster's scratch directory: the driver's socket and volumes go under csi/ */
  dir: string;
  kubeconfig: string;
  /** kubectl of the cluster */
  kubectl: string;
  nodeName: string;
  /** the driver's call log */
  log: string;
  poll: (what: string, ready: () => Promise<boolean>, timeoutMs: number) => Promise<void>;
  /** false: the driver runs on the node, and its sidecars wait for startSidecars */
  driverHere: boolean;
}

export interface CsiPlane {
  /** the sidecars that call the driver's controller half, on its socket */
  startSidecars(socket: string): Promise<void>;
}

/**
 * The driver runs in a mount namespace of its own (its bind mounts go with
 * it); its node id is the node's name, as NodeGetInfo would tell the kubelet.
 */
export async function startCsiPlane({ run, dir, kubeconfig, kubectl, nodeName, log, poll, driverHere }: CsiPlaneOptions): Promise<CsiPlane> {
  if (driverHere && !existsSync(CSI_DRIVER)) throw new Error(`test cluster: ${CSI_DRIVER} is missing: run npm run build:csi (npm test builds it)`);
  const bin = execFileSync('bash', [join(HERE, 'build-csi-sidecars.sh'), ...Object.keys(SIDECARS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .trim()
    .split('\n')
    .pop()!;
  // The snapshot kinds first: the snapshot-controller and the VolumeSnapshotClass need them served.
  execFileSync(kubectl, ['--kubeconfig', kubeconfig, 'apply', '-f', SNAPSHOT_CRDS], { stdio: 'ignore' });
  execFileSync(kubectl, ['--kubeconfig', kubeconfig, 'wait', '--for=condition=Established', '--timeout=60s', '-f', SNAPSHOT_CRDS], { stdio: 'ignore' });

  const startSidecars = async (socket: string) => {
    const common = [`--csi-address=${socket}`, `--kubeconfig=${kubeconfig}`, '--leader-election=false', '--timeout=30s', '--v=2'];
    // --extra-create-metadata: CreateVolume is told the claim's namespace and name (and logs them).
    run('csi-provisioner', join(bin, SIDECARS.provisioner), [...common, '--extra-create-metadata']);
    run('csi-attacher', join(bin, SIDECARS.attacher), common);
    run('csi-resizer', join(bin, SIDECARS.resizer), common);
    run('csi-snapshotter', join(bin, SIDECARS.snapshotter), common);
  };
  if (driverHere) {
    const socket = join(dir, 'csi', 'csi.sock');
    run('nslab-csi', 'unshare', ['--mount', '--propagation', 'private', process.execPath, CSI_DRIVER, '--socket', socket, '--node-id', nodeName, '--root', join(dir, 'csi', 'root'), '--log', log]);
    await poll('the CSI driver', async () => existsSync(socket), 30_000);
    await startSidecars(socket);
  }
  run('snapshot-controller', join(bin, SIDECARS['snapshot-controller']), [`--kubeconfig=${kubeconfig}`, '--leader-election=false', '--v=2']);
  execFileSync(kubectl, ['--kubeconfig', kubeconfig, 'apply', '-f', '-'], { input: manifestList(csiDriverObjects()), stdio: ['pipe', 'ignore', 'ignore'] });
  return { startSidecars };
}
