#!/usr/bin/env bash
# Builds the Kubernetes CSI sidecars nslab's teaching driver runs beside it,
# from their sources through the Go module proxy (no registry, no release
# download): external-provisioner (CreateVolume/DeleteVolume for a claim),
# external-attacher (ControllerPublishVolume for a VolumeAttachment),
# external-snapshotter's csi-snapshotter (CreateSnapshot for a
# VolumeSnapshotContent) and snapshot-controller (a VolumeSnapshot bound to its
# content), and external-resizer (ControllerExpandVolume for a grown claim; the
# proxy serves it only under its /v2 module path).
# Each binary is cached by name and version in $NSLAB_CSI_CACHE (default
# ~/.cache/nslab/csi); a second run only checks they are there. The CRDs the
# snapshotter and the snapshot-controller serve (VolumeSnapshot,
# VolumeSnapshotContent, VolumeSnapshotClass v1, and the VolumeGroupSnapshot
# kinds, which v8.7.0 serves by default and waits for) are vendored from the
# same release's client module in electron/csi/snapshot-crds: bump both together.
# Their go.mod files carry replace directives, so `go install pkg@version`
# refuses them: each module is unpacked from the module cache and built there.
# Usage: test/cluster/build-csi-sidecars.sh [provisioner attacher snapshotter snapshot-controller resizer]
#        (prints the bin directory; with names, builds only those)
set -euo pipefail
. "$(dirname "$0")/csi-sidecar-versions.sh"
. "$(dirname "$0")/binary-cache.sh"

# name module version main-package
sidecar() {
  case $1 in
    provisioner) echo "csi-provisioner github.com/kubernetes-csi/external-provisioner/v6 $PROVISIONER_VERSION ./cmd/csi-provisioner" ;;
    attacher) echo "csi-attacher github.com/kubernetes-csi/external-attacher/v4 $ATTACHER_VERSION ./cmd/csi-attacher" ;;
    snapshotter) echo "csi-snapshotter github.com/kubernetes-csi/external-snapshotter/v8 $SNAPSHOTTER_VERSION ./cmd/csi-snapshotter" ;;
    snapshot-controller) echo "snapshot-controller github.com/kubernetes-csi/external-snapshotter/v8 $SNAPSHOTTER_VERSION ./cmd/snapshot-controller" ;;
    resizer) echo "csi-resizer github.com/kubernetes-csi/external-resizer/v2 $RESIZER_VERSION ./cmd/csi-resizer" ;;
    *) log "unknown sidecar $1 (provisioner, attacher, snapshotter, snapshot-controller, resizer)"; exit 2 ;;
  esac
}

names=("$@"); [ ${#names[@]} -gt 0 ] || names=(provisioner attacher snapshotter snapshot-controller resizer)
want=()
for n in "${names[@]}"; do
  read -r out _ version _ < <(sidecar "$n")
  want+=("$out-$version")
done
use_cache_or_prepare "$bin" "${want[@]}"
scratch_dir csi-build

for n in "${names[@]}"; do
  read -r out module version main < <(sidecar "$n")
  [ -x "$bin/$out-$version" ] && continue
  log "fetching $module@$version"
  dir=$(cd "$work" && GOFLAGS=-mod=mod go mod download -json "$module@$version" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')
  src="$work/$n"
  cp -r "$dir" "$src" && chmod -R u+w "$src"
  cd "$src"
  # A module zip leaves out nested modules and vendor/: a replace that points
  # into the repository (the snapshotter's ./client) is pinned to the published
  # module of the same version instead.
  while read -r from to; do
    [ -n "$from" ] || continue
    go mod edit -dropreplace="$from" -require="$from@$version"
  done < <(go mod edit -json | sed -n '/"Replace"/,$p' | tr -d '\n\t ' | grep -o '{"Old":{"Path":"[^"]*"},"New":{"Path":"\./[^"]*"}}' | sed 's/{"Old":{"Path":"\([^"]*\)"},"New":{"Path":"\([^"]*\)"}}/\1 \2/')
  rm -rf vendor
  log "resolving modules for $out"
  GOFLAGS=-mod=mod go mod download >/dev/null 2>"$work/$n-download.log" || { tail -20 "$work/$n-download.log" >&2; exit 1; }
  log "building $out $version"
  start=$(date +%s)
  CGO_ENABLED=0 GOFLAGS=-mod=mod go build -trimpath -ldflags "-s -w -X main.version=$version" -o "$bin/$out-$version" "$main"
  log "built $out in $(( $(date +%s) - start )) s"
  cd "$work"
done
report_built "$bin" "${want[@]}"
