#!/usr/bin/env bash
# A stand-in for emulated guests only: the real kind (same version and source
# as build-kind.sh) with one change, its wait for a new node's systemd to reach
# multi-user.target raised from 30 s to 5 min
# (pkg/cluster/internal/providers/docker/provision.go). Under QEMU's TCG on a
# busy 2-core host, kind's own entrypoint alone takes about 20 s and systemd
# another 40 before that target, so upstream kind gives up on a node that is
# merely slow. With KVM, or on a learner's machine, the real kind is used.
# `npm run test:kind` (scripts/test-kind.ts) picks this one when the guest
# runs under TCG. Cached per version beside the real one.
# Usage: test/cluster/build-kind-emulated.sh   (prints the bin directory holding `kind`)
set -euo pipefail
KIND_VERSION=${NSLAB_KIND_VERSION:-v0.33.0}
cache=${NSLAB_CLUSTER_CACHE:-$HOME/.cache/nslab/cluster}
bin="$cache/kind-$KIND_VERSION-emulated/bin"
. "$(dirname "$0")/binary-cache.sh"
use_cache_or_prepare "$bin" kind
src=$(cd /tmp && go mod download -json "sigs.k8s.io/kind@$KIND_VERSION" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')
scratch_dir kind-emulated
cp -r "$src/." "$work/" && chmod -R u+w "$work"
file="$work/pkg/cluster/internal/providers/docker/provision.go"
sed -i 's/logCtx, logCancel := context.WithTimeout(context.Background(), 30\*time.Second)/logCtx, logCancel := context.WithTimeout(context.Background(), 5*time.Minute)/' "$file"
grep -q '5\*time.Minute' "$file" || { log "kind $KIND_VERSION no longer has the 30 s wait this patches"; exit 1; }
log "building kind $KIND_VERSION with a 5 min wait for a node's systemd"
(cd "$work" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$bin/kind" .)
report_built "$bin" kind
