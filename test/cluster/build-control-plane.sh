#!/usr/bin/env bash
# Builds a real Kubernetes control plane from upstream sources through the Go
# module proxy (no container registry, no release download): kube-apiserver,
# kube-controller-manager and kube-scheduler from k8s.io/kubernetes with its
# staging modules pinned to the matching versions, and kwok to simulate nodes
# and pods, and rancher's local-path provisioner for dynamic provisioning. Binaries are cached per version in $NSLAB_CLUSTER_CACHE
# (default ~/.cache/nslab/cluster); a second run only checks they are there.
# kubectl is built from the same tree, so client and server never skew.
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

have_all() { for b in "${want[@]}"; do [ -x "$bin/$b" ] || return 1; done; }
if have_all; then echo "$bin"; exit 0; fi
command -v go >/dev/null || { echo "build-control-plane: Go is needed (https://go.dev/doc/install; on Debian: apt-get install golang)" >&2; exit 2; }
mkdir -p "$bin"
work=$(mktemp -d /tmp/nslab-k8s-build.XXXXXX)
trap 'rm -rf "$work"' EXIT
log() { echo "build-control-plane: $*" >&2; }

# k8s.io/kubernetes points its staging modules at ./staging; outside its repo
# each must be pinned to the published module of the same minor release.
staging_version="v0.${K8S_VERSION#v1.}"
log "fetching k8s.io/kubernetes@$K8S_VERSION"
gomod=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"GoMod": "\(.*\)",*/\1/p')
cd "$work"
{
  echo "module nslab.local/controlplane"
  echo
  echo "go $(go env GOVERSION | sed 's/^go//; s/\.[0-9]*$//')"
  echo
  echo "require k8s.io/kubernetes $K8S_VERSION"
  echo
  echo "replace ("
  grep -E '^\s*k8s\.io/[a-z0-9-]+ => \./staging/' "$gomod" | awk -v v="$staging_version" '{print "\t" $1 " => " $1 " " v}'
  echo ")"
} > go.mod
cat > tools.go <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
GO
log "resolving modules (this downloads a few hundred MB the first time)"
GOFLAGS=-mod=mod go mod tidy -e >/dev/null 2>"$work/tidy.log" || { tail -20 "$work/tidy.log" >&2; exit 1; }
# Without these the binaries call themselves v0.0.0 and clients warn of skew.
minor=${K8S_VERSION#v1.}; minor=${minor%%.*}
version_flags="-X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=$minor -X k8s.io/client-go/pkg/version.gitVersion=$K8S_VERSION"
for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  [ -x "$bin/$cmd" ] && continue
  log "building $cmd $K8S_VERSION"
  start=$(date +%s)
  CGO_ENABLED=0 go build -trimpath -ldflags "-s -w $version_flags" -o "$bin/$cmd" "k8s.io/kubernetes/cmd/$cmd"
  log "built $cmd in $(( $(date +%s) - start )) s"
done
if [ ! -x "$bin/kwok" ]; then
  log "building kwok $KWOK_VERSION"
  GOBIN="$bin" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
fi
if [ ! -x "$bin/local-path-provisioner" ]; then
  log "building local-path-provisioner $LOCAL_PATH_VERSION"
  GOBIN="$bin" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "github.com/rancher/local-path-provisioner@$LOCAL_PATH_VERSION"
fi
have_all || { log "some binaries are missing in $bin"; exit 1; }
echo "$bin"
