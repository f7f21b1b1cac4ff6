#!/usr/bin/env bash
# Builds the real kind CLI from its upstream source through the Go module proxy
# (no release download, no container registry) and caches it per version in
# $NSLAB_CLUSTER_CACHE (default ~/.cache/nslab/cluster); a second run only
# checks it is there. kind needs no cgo, so the build is static.
# Usage: test/cluster/build-kind.sh   (prints the bin directory holding `kind`)
set -euo pipefail
KIND_VERSION=${NSLAB_KIND_VERSION:-v0.33.0}
cache=${NSLAB_CLUSTER_CACHE:-$HOME/.cache/nslab/cluster}
bin="$cache/kind-$KIND_VERSION/bin"

if [ -x "$bin/kind" ]; then echo "$bin"; exit 0; fi
command -v go >/dev/null || { echo "build-kind: Go is needed (https://go.dev/doc/install; on Debian: apt-get install golang)" >&2; exit 2; }
mkdir -p "$bin"
echo "build-kind: building sigs.k8s.io/kind@$KIND_VERSION" >&2
start=$(date +%s)
GOBIN="$bin" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kind@$KIND_VERSION"
echo "build-kind: built kind $KIND_VERSION in $(( $(date +%s) - start )) s" >&2
[ -x "$bin/kind" ] || { echo "build-kind: no kind binary in $bin" >&2; exit 1; }
echo "$bin"
