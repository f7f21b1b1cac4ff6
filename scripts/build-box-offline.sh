#!/usr/bin/env bash
# Builds the nslab lab box image without any container registry:
# debootstrap a Debian rootfs from Debian's package mirror, then `docker import` it
# under the same tag the Dockerfile would produce. Needs root, debootstrap and a
# running Docker engine. Usage: scripts/build-box-offline.sh [TAG]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tag=${1:-$(node -e 'process.stdout.write(require(process.argv[1]).nslab.boxImage)' "$here/package.json")}
mirror=${NSLAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${NSLAB_DEBIAN_SUITE:-bookworm}

for tool in debootstrap docker; do
  command -v "$tool" >/dev/null || { echo "build-box-offline: '$tool' is missing; on Debian: apt-get install -y ${tool/docker/docker.io}" >&2; exit 2; }
done
docker info >/dev/null 2>&1 || { echo "build-box-offline: no Docker engine answers on ${DOCKER_HOST:-/var/run/docker.sock}; start dockerd first" >&2; exit 2; }

packages=$(grep -v '^#' "$here/labs/images/box/packages.txt" | paste -sd, -)
rootfs=$(mktemp -d /tmp/nslab-box-rootfs.XXXXXX)
trap 'rm -rf "$rootfs"' EXIT

echo "build-box-offline: debootstrap $suite ($packages) into $rootfs"
debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
  || { tail -20 "$rootfs.log" >&2; rm -f "$rootfs.log"; exit 1; }
rm -f "$rootfs.log"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

echo "build-box-offline: importing as $tag"
tar -C "$rootfs" -c . | docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV LANG=C.UTF-8' \
  -c 'LABEL nslab.image=box' \
  -c 'ENTRYPOINT ["/usr/bin/tini", "--"]' \
  -c 'CMD ["sleep", "infinity"]' \
  - "$tag" >/dev/null
echo "build-box-offline: built $tag"
