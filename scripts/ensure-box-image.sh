#!/usr/bin/env bash
# Makes sure every lab image (package.json nslab.images) is on the Docker engine,
# building the missing ones: from Debian's packages with debootstrap where that is
# possible (no registry needed), else with `docker build` from labs/images/<name>.
# Usage: scripts/ensure-box-image.sh [NAME]   NAME: only that image (a folder of labs/images)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
only=${1:-}

if ! docker info >/dev/null 2>&1; then
  echo "ensure-box-image: no Docker engine answers on ${DOCKER_HOST:-/var/run/docker.sock}." >&2
  echo "  → Start Docker (Docker Desktop, or 'sudo systemctl start docker'; on Debian without it: apt-get install docker.io)." >&2
  exit 2
fi
# box first: the others build on it.
node -e 'for (const [n, t] of Object.entries(require(process.argv[1]).nslab.images)) console.log(n, t)' "$here/package.json" |
while read -r name tag; do
  [ -z "$only" ] || [ "$name" = "$only" ] || continue
  docker image inspect "$tag" >/dev/null 2>&1 && continue
  # kube-tools is the box plus a kubectl of this machine: its own script finds one.
  if [ "$name" = kube-tools ]; then bash "$here/scripts/build-kube-tools-image.sh"; continue; fi
  echo "ensure-box-image: $tag is missing; building it (about a minute)"
  if command -v debootstrap >/dev/null && [ "$(id -u)" = 0 ]; then
    bash "$here/scripts/build-box-offline.sh" "$name"
  else
    # --force-rm: a failed step would otherwise leave its container behind, labelled as ours.
    docker build --force-rm -t "$tag" "$here/labs/images/$name"
  fi
done
