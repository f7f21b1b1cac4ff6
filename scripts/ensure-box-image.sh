#!/usr/bin/env bash
# Makes sure the lab box image is on the Docker engine, building it when missing:
# from Debian's packages with debootstrap where that is possible (no registry
# needed), else with `docker build` from labs/images/box.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tag=$(node -e 'process.stdout.write(require(process.argv[1]).nslab.boxImage)' "$here/package.json")

if ! docker info >/dev/null 2>&1; then
  echo "ensure-box-image: no Docker engine answers on ${DOCKER_HOST:-/var/run/docker.sock}." >&2
  echo "  → Start Docker (Docker Desktop, or 'sudo systemctl start docker'; on Debian without it: apt-get install docker.io)." >&2
  exit 2
fi
if docker image inspect "$tag" >/dev/null 2>&1; then
  exit 0
fi
echo "ensure-box-image: $tag is missing; building it (about a minute)"
if command -v debootstrap >/dev/null && [ "$(id -u)" = 0 ]; then
  exec bash "$here/scripts/build-box-offline.sh" "$tag"
fi
exec docker build -t "$tag" "$here/labs/images/box"
