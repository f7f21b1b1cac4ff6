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
. "$(dirname "$0")/binary-cache.sh"
use_cache_or_prepare "$bin" kind
log "building sigs.k8s.io/kind@$KIND_VERSION"
start=$(date +%s)
GOBIN="$bin" CGO_ENABLED=0 go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kind@$KIND_VERSION"
log "built kind $KIND_VERSION in $(( $(date +%s) - start )) s"
report_built "$bin" kind
