#!/usr/bin/env bash
# Builds what a real Kubernetes node runs, from upstream sources through the Go
# module proxy, pinned like the control plane (build-control-plane.sh): kubelet,
# kube-proxy and kubeadm from k8s.io/kubernetes, and crictl from cri-tools
# (Debian 12 does not package it). The guest VM runs kubelet, kube-proxy and
# crictl as its node; kubeadm and kube-proxy also go into kind's node image.
# Cached per version in $NSLAB_CLUSTER_CACHE (default ~/.cache/nslab/cluster),
# apart from the control plane's cache so neither rebuilds the other.
# Usage: test/cluster/build-node.sh   (prints the bin directory)
set -euo pipefail
K8S_VERSION=${NSLAB_K8S_VERSION:-v1.37.2}
CRI_TOOLS_VERSION=${NSLAB_CRI_TOOLS_VERSION:-v1.37.0}
cache=${NSLAB_CLUSTER_CACHE:-$HOME/.cache/nslab/cluster}
# The recipe number changes whenever what is built or how changes: a new cache.
RECIPE=1
bin="$cache/$K8S_VERSION-node-r$RECIPE/bin"
want=(kubelet kube-proxy kubeadm crictl)
. "$(dirname "$0")/binary-cache.sh"
use_cache_or_prepare "$bin" "${want[@]}"
. "$(dirname "$0")/k8s-source.sh"
scratch_dir node-build

k8s_module "$work" k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy k8s.io/kubernetes/cmd/kubeadm
for cmd in kubelet kube-proxy kubeadm; do
  [ -x "$bin/$cmd" ] || k8s_build "$work" "$bin/$cmd" "$cmd"
done
if [ ! -x "$bin/crictl" ]; then
  log "building crictl $CRI_TOOLS_VERSION"
  GOBIN="$bin" CGO_ENABLED=0 go install -trimpath \
    -ldflags "-s -w -X sigs.k8s.io/cri-tools/pkg/version.Version=$CRI_TOOLS_VERSION" \
    "sigs.k8s.io/cri-tools/cmd/crictl@$CRI_TOOLS_VERSION"
fi
report_built "$bin" "${want[@]}"
