#!/usr/bin/env bash
# Builds nslab/csi-node:1 — nslab's CSI driver (out/csi, `npm run build:csi`)
# on Debian's Node.js, with busybox for mount(8) and umount(8) — into a
# one-layer archive, from Debian's packages, with no registry: what a node's
# containerd imports to run the driver's node plugin as a pod (the DaemonSet
# of electron/env/kube/csi-driver-manifests.ts), as a CSI driver's image is run on any
# cluster. Kept in $NSLAB_IMAGES_CACHE (default ~/.cache/nslab/images) by a hash
# of the driver's bundle and this recipe; a second run only finds it. The
# image carries that key as its label nslab.key, so nslab can tell an engine's
# or a node's copy of the same tag built from an older driver.
# Usage: scripts/images/build-csi-node.sh   (prints the archive's path)
#        scripts/images/build-csi-node.sh --key   (prints the key it would build under; builds nothing)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$here/image-archive.sh"
TAG=nslab/csi-node:1
# Debian 12's Node.js 18 and what it needs at run time (its libnode links
# these; Debian unbundles acorn, cjs-module-lexer and undici into packages).
PACKAGES="libc6 libgcc-s1 libstdc++6 libicu72 libuv1 libc-ares2 libbrotli1 libnghttp2-14 libssl3 zlib1g
  node-acorn node-xtend node-cjs-module-lexer node-undici node-busboy busybox-static"
log() { echo "build-csi-node: $*" >&2; }
command -v apt-get >/dev/null || { log "needs Debian's apt-get to fetch Node.js and busybox"; exit 2; }
# Debian's own Node.js, whatever another repository installed on this machine.
node_version=$(apt-cache policy libnode108 | sed -n 's/^ *Candidate: //p')
[ -n "$node_version" ] && [ "$node_version" != "(none)" ] || { log "Debian's libnode108 is not known to apt: apt-get update"; exit 2; }
PACKAGES="nodejs=$node_version libnode108=$node_version $PACKAGES"
bundle="$repo/out/csi"
[ -f "$bundle/nslab-csi.mjs" ] || { log "$bundle/nslab-csi.mjs is missing: npm run build:csi"; exit 2; }
key=$( { echo "$node_version"; cat "$0"; (cd "$bundle" && find . -type f | LC_ALL=C sort | xargs sha256sum); } | sha256sum | cut -c1-16)
keyed_archive nslab-csi-node-1 "$key" "${1:-}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# shellcheck disable=SC2086 # the list is words
(cd "$work" && apt-get download $PACKAGES >/dev/null 2>"$work/apt.log") || {
  log "apt-get download failed (run apt-get update once?): $(tail -1 "$work/apt.log")"; exit 1; }
root="$work/root"
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$root"; done
rm -rf "$root/usr/share/doc" "$root/usr/share/man" "$root/usr/share/lintian" "$root/usr/include"
mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/nslab-csi"
chmod 1777 "$root/tmp"
# busybox's sh, mount and umount (the driver's bind mounts), and the tools a learner looks around with.
for applet in sh ls cat mount umount mkdir rmdir grep; do [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\n' >"$root/etc/group"
cp -r "$bundle/." "$root/nslab-csi/"
image_archive "$root" "$TAG" '{"Entrypoint":["/usr/bin/node","/nslab-csi/nslab-csi.mjs"],"Env":["PATH=/usr/sbin:/usr/bin:/sbin:/bin"],"Labels":{"nslab.image":"csi-node","nslab.key":"'"$key"'"}}' "$out"
drop_other_keys nslab-csi-node-1
echo "$out"
