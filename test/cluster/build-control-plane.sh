#!/usr/bin/env bash
# Builds a real Kubernetes control plane from upstream sources through the Go
# module proxy (no container registry, no release download): kube-apiserver,
# kube-controller-manager and kube-scheduler from k8s.io/kubernetes with its
# staging modules pinned to the matching versions, and kwok to simulate nodes
# and pods, and rancher's local-path provisioner for dynamic provisioning. Binaries are cached per version in $NSLAB_CLUSTER_CACHE
# (default ~/.cache/nslab/cluster); a second run only checks they are there.
# kubectl is built from the same tree, so client and server never skew; the
# node's binaries (build-node.sh) are pinned the same way (k8s-source.sh).
# Usage: test/cluster/build-control-plane.sh   (prints the bin directory)
set -euo pipefail
K8S_VERSION=${NSLAB_K8S_VERSION:-v1.37.2}
KWOK_VERSION=${NSLAB_KWOK_VERSION:-v0.8.0}
# kind's own provisioner for its "standard" StorageClass
LOCAL_PATH_VERSION=${NSLAB_LOCAL_PATH_VERSION:-v0.0.30}
cache=${NSLAB_CLUSTER_CACHE:-$HOME/.cache/nslab/cluster}
# The recipe number changes whenever what is built or how changes: a new cache.
RECIPE=2
bin="$cache/$K8S_VERSION-r$RECIPE/bin"
want=(kube-apiserver kube-controller-manager kube-scheduler kubectl kwok local-path-provisioner)
. "$(dirname "$0")/binary-cache.sh"
use_cache_or_prepare "$bin" "${want[@]}"
. "$(dirname "$0")/k8s-source.sh"
scratch_dir k8s-build

k8s_module "$work" k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubectl
for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  [ -x "$bin/$cmd" ] || k8s_build "$work" "$bin/$cmd" "$cmd"
done
if [ ! -x "$bin/kwok" ]; then
  log "building kwok $KWOK_VERSION"
  GOBIN="$bin" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
fi
if [ ! -x "$bin/local-path-provisioner" ]; then
  log "building local-path-provisioner $LOCAL_PATH_VERSION"
  GOBIN="$bin" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "github.com/rancher/local-path-provisioner@$LOCAL_PATH_VERSION"
fi
report_built "$bin" "${want[@]}"
