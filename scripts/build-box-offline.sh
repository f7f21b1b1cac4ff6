#!/usr/bin/env bash
# Builds an nslab lab image without any container registry: debootstrap a Debian
# rootfs from Debian's package mirror, then `docker import` it under the tag the
# Dockerfile would produce. Needs root, debootstrap and a running Docker engine.
# Usage: scripts/build-box-offline.sh [IMAGE]   IMAGE: a folder of labs/images (default: box)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
image=${1:-box}
tag=$(node -e 'const i=require(process.argv[1]).nslab.images[process.argv[2]]; if(!i) process.exit(1); process.stdout.write(i)' "$here/package.json" "$image") \
  || { echo "build-box-offline: no image \"$image\" in package.json nslab.images" >&2; exit 2; }
mirror=${NSLAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${NSLAB_DEBIAN_SUITE:-bookworm}

for tool in debootstrap docker; do
  command -v "$tool" >/dev/null || { echo "build-box-offline: '$tool' is missing; on Debian: apt-get install -y ${tool/docker/docker.io}" >&2; exit 2; }
done
docker info >/dev/null 2>&1 || { echo "build-box-offline: no Docker engine answers on ${DOCKER_HOST:-/var/run/docker.sock}; start dockerd first" >&2; exit 2; }

# Every image is the box plus its own packages: one list each, no copies.
lists=("$here/labs/images/box/packages.txt")
[ "$image" = box ] || lists+=("$here/labs/images/$image/packages.txt")
packages=$(cat "${lists[@]}" | grep -v '^#' | grep -v '^$' | paste -sd, -)
rootfs=$(mktemp -d /tmp/nslab-rootfs.XXXXXX)
trap 'rm -rf "$rootfs" "$rootfs.log"' EXIT

echo "build-box-offline: debootstrap $suite for $tag ($packages)"
debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 \
  || { tail -20 "$rootfs.log" >&2; exit 1; }
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

echo "build-box-offline: importing as $tag"
tar -C "$rootfs" -c . | docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV LANG=C.UTF-8' \
  -c "LABEL nslab.image=$image" \
  -c 'ENTRYPOINT ["/usr/bin/tini", "--"]' \
  -c 'CMD ["sleep", "infinity"]' \
  - "$tag" >/dev/null
echo "build-box-offline: built $tag"
