#!/usr/bin/env bash
# Builds busybox:1.36 — what the Kubernetes labs' pods run, and the local-path
# provisioner's helper pods — from Debian's busybox-static package (1.35 in
# Debian 12, the applets the labs use are the same), with an applet link for
# each command, into a one-layer archive. For clusters that reach no registry:
# the guest's node and kind's node image import it. Kept in $NSLAB_IMAGES_CACHE
# (default ~/.cache/nslab/images); a second run only finds it.
# Usage: scripts/images/build-busybox.sh   (prints the archive's path)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/image-archive.sh"
TAG=${NSLAB_BUSYBOX_TAG:-busybox:1.36}
RECIPE=1
log() { echo "build-busybox: $*" >&2; }
command -v apt-get >/dev/null || { log "needs Debian's apt-get to fetch busybox-static"; exit 2; }
out="$(images_cache)/${TAG//[:\/]/-}-r$RECIPE.tar"
if [ -f "$out" ]; then echo "$out"; exit 0; fi
mkdir -p "$(dirname "$out")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download busybox-static >/dev/null 2>"$work/apt.log") || {
  log "apt-get download busybox-static failed (run apt-get update once?): $(tail -1 "$work/apt.log")"; exit 1; }
dpkg-deb -x "$work"/busybox-static_*.deb "$work/deb"
root="$work/root"
mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/root"
chmod 1777 "$root/tmp"
install -m 0755 "$work/deb/bin/busybox" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnobody:x:65534:\n' >"$root/etc/group"
image_archive "$root" "$TAG" '{"Cmd":["sh"],"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]}' "$out"
echo "$out"
