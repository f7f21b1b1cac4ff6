#!/usr/bin/env bash
# Builds, once and one after the other, the Go binaries the tests run: the
# control plane, the node (kubelet, kube-proxy, kubeadm, crictl) and the CSI
# sidecars, each cached by version. The test files that start a control plane
# would otherwise each start the same build side by side on a fresh machine.
# With the caches warm this only checks that the binaries are there.
# Usage: scripts/ensure-test-binaries.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
for step in "build-control-plane.sh" "build-node.sh" "build-csi-sidecars.sh provisioner attacher resizer snapshotter snapshot-controller"; do
  started=$SECONDS
  # shellcheck disable=SC2086 # the step carries its own arguments
  bash "$here/test/cluster/"$step >/dev/null
  echo "ensure-test-binaries: ${step%% *} ready in $((SECONDS - started)) s"
done
