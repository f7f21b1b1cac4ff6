// nslab's own kind node image (scripts/kind-node/build-node-image.sh): built
// from Debian's packages and upstream sources with no registry, so a cluster
// can be made where kindest/node cannot be pulled. It differs from kind's own
// image in three ways a cluster must be told about, which is what
// NSLAB_NODE_KIND_CONFIG does:
//   - its CNI is a bridge config it carries (/etc/cni/net.d), not kindnetd:
//     kind's "Installing CNI" stage is turned off;
//   - no CoreDNS image is built: kubeadm's DNS addon is turned off (no lab
//     resolves a name);
//   - its etcd is Debian 12's 3.4, which answers /health but not the /livez
//     and /readyz kubeadm v1.37 probes: a kubeadm patch the image carries
//     points the probes at /health.
// It also gives kubeadm longer to wait for the kubelet, the control plane and
// its first API calls (which start before the API server runs) than its 4 and
// 1 minutes: on an emulated guest (QEMU's TCG) the control plane took over 7
// minutes to answer. The waits end as soon as they are met; the control-plane
// wait also sets the static pods' startup probes (kubeadm derives their
// failureThreshold from it), so a slow API server is not restarted by its own
// kubelet while it is still starting.
// It keeps etcd's data in the node's /tmp, a tmpfs (kind mounts one there):
// etcd fsyncs its WAL on every write, and on the guest's emulated disk those
// fsyncs took 1-4 s each, long enough for the API server's first requests to
// time out and for it to exit ("etcd grpc connection not ready"). The
// cluster's state lives as long as its node container, as a lab cluster's
// needs to (Debian's etcd 3.4 has no --unsafe-no-fsync).
// And it runs etcd with its zap logger, not 3.4's default capnslog: with
// capnslog etcd 3.4.23 has no zap logger, and when a linearizable read's
// ReadIndex times out (under TCG on a busy host it did, after "waiting for
// ReadIndex response took too long") it logs through that nil logger and
// panics (SIGSEGV in EtcdServer.sendReadIndex); the API server then lost its
// storage and exited, and the control plane started over.
// And etcd serves the API server over plain HTTP on the node's loopback
// (127.0.0.1:2382, beside its TLS port for anything else): the API server
// gives each etcd client a fixed 20 s to be ready (k8s.io/apiserver's
// etcd3.go dialTimeout, no flag), and under TCG with other guests on the
// host the TLS handshakes did not finish in time ("problem initializing API
// group …: etcd grpc connection not ready"), so it exited, again and again.
// Only the node's own network namespace reaches that port (its processes and
// hostNetwork pods), and whoever uses this cluster holds its admin
// kubeconfig already: the learner's own kind cluster, not a shared one. kind
// applies these patches as JSON merge patches, which replace a list whole:
// the API server's extraArgs repeat kind's own (runtime-config, empty).
// The control plane's probes are set for a slow node (the image's kubeadm
// patches, /kind/nslab/kubeadm-patches): kubeadm's liveness probe restarts a
// component after 8 failures 10 s apart, a failure being no answer within
// 15 s, and the API server's /livez includes its etcd check, which fails when
// etcd takes over 2 s to answer (--etcd-healthcheck-timeout). A restart fixes
// neither a starved node nor a slow etcd, and costs an emulated node minutes.
// The probes now give a component 60 s to answer and 30 s between tries (4
// minutes of failing before a restart), the etcd check 30 s, and the
// readiness probes ask every 10 s instead of every second (three TLS
// handshakes a second cost an emulated node real CPU).
// And the controller manager and the scheduler run without leader election:
// nslab's cluster has one control-plane node, so there is nobody to elect,
// and the election's lease must be renewed within 10 s (5 s a request): under
// TCG with other guests on the host the renewal timed out minutes after
// kubeadm passed, each exited ("leaderelection lost"), and the controller
// manager went into CrashLoopBackOff, taking the namespace, deployment and
// volume controllers with it while the labs were graded.
// It gives the kubelet's calls to containerd 15 minutes, not 2: under TCG
// on a busy host a CreateContainer outlasted 2 minutes, the kubelet cancelled
// it and every retry started over.
import type Docker from 'dockerode';
import { ARCHIVE_IMAGES } from '../docker/images';

/** The image's tag (package.json nslab.archiveImages, the recipe's own `--tag`). */
export const NSLAB_KIND_NODE_IMAGE = archiveImage('nslab/kind-node:');

/** The label the recipe sets on the image, by which nslab knows a node image as its own. */
const NODE_IMAGE_LABEL = 'nslab.image';

export const NSLAB_NODE_KIND_CONFIG = `# kind's cluster config for nslab's node image (electron/env/kind/kind-node-image.ts)
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
networking:
  disableDefaultCNI: true
  kubeProxyMode: iptables
kubeadmConfigPatches:
  - |
    kind: ClusterConfiguration
    dns:
      disabled: true
    etcd:
      local:
        dataDir: /tmp/etcd
        extraArgs:
          - name: logger
            value: zap
          - name: listen-client-urls
            value: https://0.0.0.0:2379,http://127.0.0.1:2382
    apiServer:
      extraArgs:
        - name: runtime-config
          value: ""
        - name: etcd-servers
          value: http://127.0.0.1:2382
        - name: etcd-healthcheck-timeout
          value: 30s
    controllerManager:
      extraArgs:
        - name: leader-elect
          value: "false"
    scheduler:
      extraArgs:
        - name: leader-elect
          value: "false"
  - |
    kind: InitConfiguration
    patches:
      directory: /kind/nslab/kubeadm-patches
    timeouts:
      kubeletHealthCheck: 15m0s
      controlPlaneComponentHealthCheck: 30m0s
      kubernetesAPICall: 15m0s
  - |
    kind: KubeletConfiguration
    runtimeRequestTimeout: 15m0s
`;

/** Whether `image` on this engine is a node image nslab built (and so needs NSLAB_NODE_KIND_CONFIG). */
export async function isNslabNodeImage(docker: Docker, image: string): Promise<boolean> {
  const inspected = await docker
    .getImage(image)
    .inspect()
    .catch(() => undefined);
  return inspected?.Config?.Labels?.[NODE_IMAGE_LABEL] === 'kind-node';
}

function archiveImage(prefix: string): string {
  const tag = Object.keys(ARCHIVE_IMAGES).find((t) => t.startsWith(prefix));
  if (!tag) throw new Error(`package.json nslab.archiveImages names no ${prefix}… image`);
  return tag;
}
