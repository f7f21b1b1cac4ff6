#!/usr/bin/env bash
# Builds the node disk: what turns the nslab guest into a Kubernetes node,
# kept off the guest's own image (whose engine serves every kernel lab) and
# attached read-only only to a guest that is to be a node (`nslab guest up
# --node-disk FILE`). An ext4 image (mkfs.ext4 -d, nothing mounted) holding:
#   bin/      kubelet, crictl              (test/cluster/build-node.sh, from source)
#   cni/bin/  bridge, host-local, loopback (Debian's containernetworking-plugins)
#   images/   pause and busybox:1.36       (scripts/images, no registry)
#   etc/      containerd, CNI and kubelet configuration, systemd units (node/)
#   node-up.sh and node-down.sh, which the guest runs to join and leave
#   (test/cluster/guest-node.ts)
# Kept in $NSLAB_GUEST_CACHE/node-disks/<key>.img, <key> hashing all of it; a
# second run only finds it.
# Usage: scripts/guest/build-node-disk.sh NODE_BIN_DIR   (prints the disk's path)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: build-node-disk.sh NODE_BIN_DIR (from test/cluster/build-node.sh)}
cache=${NSLAB_GUEST_CACHE:-$HOME/.cache/nslab/guest}/node-disks
log() { echo "node-disk: $*" >&2; }
for tool in mkfs.ext4 dpkg-deb apt-get; do
  command -v "$tool" >/dev/null || { log "'$tool' is missing; on Debian: apt-get install -y e2fsprogs dpkg apt"; exit 2; }
done
for b in kubelet crictl; do [ -x "$bin/$b" ] || { log "$bin/$b is missing: run test/cluster/build-node.sh"; exit 2; }; done
pause=$(bash "$here/../images/build-pause.sh" 2>/dev/null)
busybox=$(bash "$here/../images/build-busybox.sh")
cni_version=$(apt-cache policy containernetworking-plugins | sed -n 's/^ *Candidate: //p')
[ -n "$cni_version" ] && [ "$cni_version" != "(none)" ] || { log "Debian's containernetworking-plugins is not known to apt: apt-get update"; exit 2; }

key=$( { echo "$cni_version"; cat "$0"; (cd "$here/node" && find . -type f | LC_ALL=C sort | xargs sha256sum); sha256sum "$bin/kubelet" "$bin/crictl" "$pause" "$busybox" | cut -d' ' -f1; } | sha256sum | cut -c1-16)
out="$cache/$key.img"
if [ -f "$out" ]; then echo "$out"; exit 0; fi
mkdir -p "$cache"
work=$(mktemp -d "$cache/.build-$key.XXXXXX")
trap 'rm -rf "$work"' EXIT
root="$work/root"
mkdir -p "$root/bin" "$root/cni/bin" "$root/images" "$root/etc"
log "containernetworking-plugins $cni_version"
(cd "$work" && apt-get download "containernetworking-plugins=$cni_version" >/dev/null 2>"$work/apt.log") || { tail -3 "$work/apt.log" >&2; exit 1; }
dpkg-deb -x "$work"/containernetworking-plugins_*.deb "$work/cni"
for plugin in bridge host-local loopback portmap; do install -m 0755 "$work/cni/usr/lib/cni/$plugin" "$root/cni/bin/"; done
install -m 0755 "$bin/kubelet" "$bin/crictl" "$root/bin/"
install -m 0644 "$pause" "$root/images/pause.tar"
install -m 0644 "$busybox" "$root/images/busybox.tar"
cp -a "$here/node/." "$root/etc/"
mv "$root"/etc/node-*.sh "$root/"
size=$(( $(du -sm "$root" | cut -f1) + 64 ))
log "ext4 image of ${size} MB"
mkfs.ext4 -q -F -L nslab-node -d "$root" "$work/node.img" "${size}M" >&2
find "$cache" -maxdepth 1 -name '*.img' -delete
mv "$work/node.img" "$out"
echo "$out"
