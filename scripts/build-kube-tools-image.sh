#!/usr/bin/env bash
# Builds nslab/kube-tools (package.json nslab.images.kube-tools) from the lab box
# image and a kubectl of this machine: $NSLAB_KUBECTL, else the control plane's
# cached build (~/.cache/nslab/cluster/*/bin, the version the tests run), else the
# one on PATH. Offline: the
# base image is local and the build runs with no network.
# Exit 0 with a note when no kubectl is found (a fresh machine builds it once the
# control plane is built; a lab asks for it with a fix), 1 when the build fails.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tag=$(node -e 'process.stdout.write(require(process.argv[1]).nslab.images["kube-tools"])' "$here/package.json")
kubectl=${NSLAB_KUBECTL:-$(ls -t "$HOME"/.cache/nslab/cluster/*/bin/kubectl 2>/dev/null | head -1 || true)}
kubectl=${kubectl:-$(command -v kubectl || true)}
if [ -z "$kubectl" ] || [ ! -x "$kubectl" ]; then
  echo "build-kube-tools-image: no kubectl here (NSLAB_KUBECTL, PATH, ~/.cache/nslab/cluster); $tag is built when one is" >&2
  exit 0
fi
context=$(mktemp -d /tmp/nslab-kube-tools.XXXXXX)
trap 'rm -rf "$context"' EXIT
cp "$here/labs/images/kube-tools/Dockerfile" "$context/"
cp "$kubectl" "$context/kubectl"
echo "build-kube-tools-image: $tag from nslab/box and $kubectl"
docker build --network none -q -t "$tag" "$context" >/dev/null 2>"$context.log" || { cat "$context.log" >&2; rm -f "$context.log"; exit 1; }
rm -f "$context.log"
echo "build-kube-tools-image: built $tag"
