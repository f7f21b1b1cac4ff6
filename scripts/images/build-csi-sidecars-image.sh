#!/usr/bin/env bash
# Builds nslab/csi-sidecars:1 — the Kubernetes CSI sidecars nslab's teaching
# driver runs with (external-provisioner, external-attacher, external-resizer,
# csi-snapshotter) and the cluster's snapshot-controller, as built from the Go
# module proxy by test/cluster/build-csi-sidecars.sh (cached; built there
# once) — into a one-layer archive with no registry: what a kind node's
# containerd imports to run the driver's controller Deployment and the
# snapshot-controller as pods. The binaries are static: the image holds them,
# a passwd and a /tmp, nothing else (no shell). Kept in $NSLAB_IMAGES_CACHE
# (default ~/.cache/nslab/images) by a hash of the binaries and this recipe; a
# second run only finds it. The image carries that key as its label
# nslab.key, so nslab can tell an engine's or a node's copy of the same tag
# built from other binaries.
# Usage: scripts/images/build-csi-sidecars-image.sh   (prints the archive's path)
#        scripts/images/build-csi-sidecars-image.sh --key   (prints the key it would build
#        under from the cached binaries; builds nothing, fails if they are not built)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$here/image-archive.sh"
TAG=nslab/csi-sidecars:1
log() { echo "build-csi-sidecars-image: $*" >&2; }
. "$repo/test/cluster/csi-sidecar-versions.sh"
[ "${1:-}" = --key ] || bash "$repo/test/cluster/build-csi-sidecars.sh" >/dev/null
# The cached names carry their versions (csi-provisioner-v6.4.0); the image
# names them by role. The pinned versions, not the cache's newest-looking file:
# an older build left in the cache must not be packed.
binaries=()
for name in "csi-provisioner-$PROVISIONER_VERSION" "csi-attacher-$ATTACHER_VERSION" "csi-resizer-$RESIZER_VERSION" \
  "csi-snapshotter-$SNAPSHOTTER_VERSION" "snapshot-controller-$SNAPSHOTTER_VERSION"; do
  [ -x "$bin/$name" ] || { log "no $name in $bin"; exit 1; }
  binaries+=("$bin/$name")
done
key=$( { cat "$0"; sha256sum "${binaries[@]}" | cut -d' ' -f1; } | sha256sum | cut -c1-16)
keyed_archive nslab-csi-sidecars-1 "$key" "${1:-}"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/tmp" "$root/etc"
chmod 1777 "$root/tmp"
for file in "${binaries[@]}"; do
  name=$(basename "$file"); install -m 0755 "$file" "$root/bin/${name%-v*}"
done
printf 'root:x:0:0:root:/:/bin/false\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnobody:x:65534:\n' >"$root/etc/group"
image_archive "$root" "$TAG" '{"Env":["PATH=/bin"],"Labels":{"nslab.image":"csi-sidecars","nslab.key":"'"$key"'"}}' "$out"
drop_other_keys nslab-csi-sidecars-1
log "$TAG in $out"
echo "$out"
