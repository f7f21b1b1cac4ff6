#!/usr/bin/env bash
# Builds the pause image (the sandbox every pod's namespaces hang on) from its
# C source in k8s.io/kubernetes (build/pause/linux/pause.c, through the Go
# module proxy), compiled static with the host's gcc as upstream's Makefile
# does, into a one-layer archive tagged as kubeadm of that release expects it
# (registry.k8s.io/pause:<PauseVersion>). Kept in $NSLAB_IMAGES_CACHE
# (default ~/.cache/nslab/images); a second run only finds it.
# Usage: scripts/images/build-pause.sh   (prints the archive's path; its tag on stderr)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/image-archive.sh"
K8S_VERSION=${NSLAB_K8S_VERSION:-v1.37.2}
RECIPE=1
log() { echo "build-pause: $*" >&2; }
for tool in go gcc; do
  command -v "$tool" >/dev/null || { log "'$tool' is missing: Go from https://go.dev/doc/install (Debian 12's golang is too old for k8s.io/kubernetes $K8S_VERSION), gcc on Debian: apt-get install -y gcc libc6-dev"; exit 2; }
done
src=$(cd /tmp && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')
# The tag kubeadm pulls (and kind's node image carries) for this release.
version=$(sed -n 's/^\s*PauseVersion = "\(.*\)"/\1/p' "$src/cmd/kubeadm/app/constants/constants.go")
[ -n "$version" ] || { log "no PauseVersion in k8s.io/kubernetes@$K8S_VERSION"; exit 1; }
tag="registry.k8s.io/pause:$version"
out="$(images_cache)/pause-$version-r$RECIPE.tar"
log "$tag"
if [ -f "$out" ]; then echo "$out"; exit 0; fi
mkdir -p "$(dirname "$out")"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
gcc -Os -Wall -Werror -static -DVERSION="v$version-$K8S_VERSION" -o "$root/pause" "$src/build/pause/linux/pause.c"
strip "$root/pause"
"$root/pause" -v >&2
image_archive "$root" "$tag" '{"Entrypoint":["/pause"],"User":"65535:65535"}' "$out"
echo "$out"
