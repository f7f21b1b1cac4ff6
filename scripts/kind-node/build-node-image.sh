#!/usr/bin/env bash
# Builds nslab's kind node image without any registry, the way kind's own
# `kind build node-image` lays one out (sigs.k8s.io/kind pkg/build/nodeimage
# and images/base), from Debian's packages and binaries built from source:
#   - a Debian 12 rootfs (debootstrap, packages.txt): systemd, containerd, runc,
#     the CNI plugins, iptables; kind's own base files (its entrypoint, systemd
#     units, containerd config) taken from the kind module nslab builds kind from;
#   - kubelet, kubeadm, kubectl and crictl (test/cluster/build-node.sh,
#     build-control-plane.sh) in /usr/bin, and /kind/version;
#   - the images kubeadm init and kind's stages run, imported into the node's
#     containerd (k8s.io namespace) already unpacked into its overlayfs
#     snapshots, their layer blobs then dropped (what containerd's
#     discard_unpacked_layers, set in kind's config, does after a pull): kind
#     leaves unpacking to first use, which under emulation (QEMU's TCG) took
#     minutes per image inside kubeadm's wait; component-images.sh builds them;
#   - nslab's few files (rootfs/): a bridge CNI config, kind's `standard`
#     StorageClass manifest with nslab's provisioner image, a kubeadm patch.
# The result is one `docker save`-format archive, kept in $NSLAB_IMAGES_CACHE
# (default ~/.cache/nslab/images) under the image's tag; a second run only
# finds it. Needs root (debootstrap, chroot), Debian's mirror and Go.
# Usage: scripts/kind-node/build-node-image.sh   (prints the archive's path)
#        scripts/kind-node/build-node-image.sh --tag   (prints the tag only)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$repo/scripts/images/image-archive.sh"
K8S_VERSION=${NSLAB_K8S_VERSION:-v1.37.2}
KIND_VERSION=${NSLAB_KIND_VERSION:-v0.33.0}
# The recipe number changes whenever what goes into the image or how changes.
RECIPE=3
TAG="nslab/kind-node:$K8S_VERSION-r$RECIPE"
if [ "${1:-}" = --tag ]; then echo "$TAG"; exit 0; fi
out="$(images_cache)/kind-node-$K8S_VERSION-r$RECIPE.tar"
if [ -f "$out" ]; then echo "$out"; exit 0; fi

STAGES=6
stage() { echo "kind-node: [$1/$STAGES] $2" >&2; }
log() { echo "kind-node: $*" >&2; }
[ "$(id -u)" = 0 ] || { log "needs root (debootstrap and chroot); run it with sudo"; exit 2; }
for tool in debootstrap go gcc apt-get; do
  command -v "$tool" >/dev/null || { log "'$tool' is missing: Go from https://go.dev/doc/install (Debian 12's golang is too old for Kubernetes), the rest on Debian: apt-get install -y debootstrap gcc"; exit 2; }
done
mirror=${NSLAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=bookworm

work=$(mktemp -d /tmp/nslab-kind-node.XXXXXX)
cleanup() {
  # A containerd left running in the rootfs (an interrupted import) holds it.
  [ -f "$work/containerd.pid" ] && kill "$(cat "$work/containerd.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
root="$work/root"

# The Debian root alone is kept too, by what goes into it: a change elsewhere in
# the recipe does not debootstrap again.
packages=$(grep -v '^#' "$here/packages.txt" | grep -v '^$' | paste -sd,)
base_tar="$(images_cache)/kind-node-base-$(echo "$suite $packages" | sha256sum | cut -c1-16).tar"
mkdir -p "$root"
if [ -f "$base_tar" ]; then
  stage 1 "Debian $suite root (cached)"
  tar -C "$root" -xf "$base_tar"
else
  stage 1 "debootstrap $suite with $(echo "$packages" | tr ',' '\n' | wc -l) packages"
  debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  mkdir -p "$(dirname "$base_tar")"
  tar -C "$root" -cf "$base_tar.partial" . && mv "$base_tar.partial" "$base_tar"
fi

stage 2 "binaries: kubelet, kubeadm, kubectl, the control plane (built from source once, then cached)"
cp_bin=$(bash "$repo/test/cluster/build-control-plane.sh")
node_bin=$(bash "$repo/test/cluster/build-node.sh")
kind_src=$(cd /tmp && go mod download -json "sigs.k8s.io/kind@$KIND_VERSION" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')
[ -d "$kind_src/images/base/files" ] || { log "no images/base in sigs.k8s.io/kind@$KIND_VERSION"; exit 1; }

stage 3 "kind's base files and nslab's own"
base="$kind_src/images/base/files"
install -D -m 0755 "$base/usr/local/bin/entrypoint" "$root/usr/local/bin/entrypoint"
install -d -m 0755 "$root/kind/bin"
install -m 0755 "$base"/kind/bin/*.sh "$root/kind/bin/"
for f in containerd/config.toml crictl.yaml default/kubelet sysctl.d/10-network-magic.conf sysctl.d/10-network-security.conf \
  systemd/system/containerd.service systemd/system/kubelet.service systemd/system/kubelet.slice systemd/system/undo-mount-hacks.service \
  systemd/system/kubelet.service.d/10-kubeadm.conf systemd/system/kubelet.service.d/11-kind.conf; do
  install -D -m 0644 "$base/etc/$f" "$root/etc/$f"
done
(cd "$here/rootfs" && find . -type f) | while read -r f; do install -D -m 0644 "$here/rootfs/$f" "$root/$f"; done
# kind builds containerd into /usr/local/bin and the CNI plugins into /opt/cni/bin;
# Debian puts them in /usr/bin and /usr/lib/cni.
ln -sf /usr/bin/containerd "$root/usr/local/bin/containerd"
rm -rf "$root/opt/cni/bin" && mkdir -p "$root/opt/cni" && ln -s /usr/lib/cni "$root/opt/cni/bin"
for b in kubelet kubeadm; do install -m 0755 "$node_bin/$b" "$root/usr/bin/$b"; done
install -m 0755 "$cp_bin/kubectl" "$root/usr/bin/kubectl"
install -m 0755 "$node_bin/crictl" "$root/usr/local/bin/crictl"
printf '%s' "$K8S_VERSION" >"$root/kind/version"
mkdir -p "$root/etc/kubernetes/manifests"
# What kind's base Dockerfile does after installing its packages: no unit
# starts that a container cannot run, and /sbin/init is systemd.
find "$root/lib/systemd/system/sysinit.target.wants/" -name systemd-tmpfiles-setup.service -delete
rm -f "$root"/lib/systemd/system/multi-user.target.wants/* "$root"/etc/systemd/system/*.wants/* \
  "$root"/lib/systemd/system/local-fs.target.wants/* "$root"/lib/systemd/system/sockets.target.wants/*udev* \
  "$root"/lib/systemd/system/sockets.target.wants/*initctl* "$root"/lib/systemd/system/basic.target.wants/*
echo "ReadKMsg=no" >>"$root/etc/systemd/journald.conf"
ln -sf /usr/lib/systemd/systemd "$root/sbin/init"
chroot "$root" systemctl enable kubelet.service containerd.service undo-mount-hacks.service >/dev/null 2>&1
chroot "$root" systemctl mask systemd-binfmt.service >/dev/null 2>&1
# The sandbox image is the pause this recipe builds, under the tag kubeadm of this release expects.
pause_archive=$(bash "$repo/scripts/images/build-pause.sh" 2>"$work/pause.log")
pause_tag=$(sed -n 's#^build-pause: \(registry\.k8s\.io/pause:[^ ]*\)$#\1#p' "$work/pause.log" | head -1)
[ -n "$pause_tag" ] || { cat "$work/pause.log" >&2; log "build-pause.sh named no tag"; exit 1; }
sed -i "s#sandbox_image = \".*\"#sandbox_image = \"$pause_tag\"#" "$root/etc/containerd/config.toml"
# containerd's default OCI spec with kind's hook, as kind's Dockerfile makes it.
chroot "$root" ctr oci spec \
  | chroot "$root" jq '.hooks.createContainer[.hooks.createContainer| length] |= . + {"path": "/kind/bin/mount-product-files.sh"}' \
  | chroot "$root" jq 'del(.process.rlimits)' >"$root/etc/containerd/cri-base.json"

stage 4 "the images kubeadm init and kind's stages run"
images="$work/images"
mkdir -p "$images"
cp "$pause_archive" "$images/pause.tar"
cp "$(bash "$repo/scripts/images/build-busybox.sh")" "$images/busybox.tar"
bash "$here/component-images.sh" "$root" "$cp_bin" "$node_bin" "$K8S_VERSION" "$images"

stage 5 "importing $(ls "$images" | wc -l) images into the node's containerd"
# containerd runs in the rootfs (chroot, a mount namespace of its own) with its
# content, metadata and overlayfs snapshotter plugins in use; its state lands in
# /var/lib/containerd of the image, which docker copies into the node's /var
# volume. Each image is unpacked into the snapshot its containers start from,
# then its layer blob is removed: the node's containerd needs only the
# manifest, the config and the snapshot (the config's gc.ref.snapshot label
# keeps the snapshot), and the blob would double the image's size.
cat >"$work/containerd.toml" <<'EOF'
version = 2
root = "/var/lib/containerd"
state = "/run/containerd-import"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "/run/containerd-import/containerd.sock"
EOF
cp "$work/containerd.toml" "$root/tmp/import.toml"
mkdir -p "$root/run/containerd-import" "$root/tmp/images"
cp "$images"/*.tar "$root/tmp/images/"
unshare --mount --propagation private bash -euc '
  root=$1
  mount -t proc proc "$root/proc"
  chroot "$root" containerd --config /tmp/import.toml >"$2/containerd.log" 2>&1 &
  echo $! >"$2/containerd.pid"
  for _ in $(seq 100); do [ -S "$root/run/containerd-import/containerd.sock" ] && break; sleep 0.2; done
  ctr() { chroot "$root" ctr --address /run/containerd-import/containerd.sock --namespace=k8s.io "$@"; }
  for tar in "$root"/tmp/images/*.tar; do
    ctr images import --snapshotter=overlayfs "/tmp/images/$(basename "$tar")" >&2
    # A one-layer `docker save` archive: the layer blob is named by the sha256 of its layer.tar.
    for layer in $(tar -xOf "$tar" manifest.json | grep -o "[0-9a-f]\{64\}/layer.tar" | cut -c1-64); do
      ctr content rm "sha256:$layer" >&2
      echo "$layer" >>"$2/discarded.txt"
    done
  done
  ctr images list -q >"$2/imported.txt"
  ctr snapshots --snapshotter=overlayfs list >"$2/snapshots.txt"
  kill "$(cat "$2/containerd.pid")"; wait || true
' _ "$root" "$work"
rm -f "$work/containerd.pid"
# containerd drops a removed blob's file at its next garbage collection; the image must not carry it.
while read -r layer; do rm -f "$root/var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/$layer"; done <"$work/discarded.txt"
log "in the node's containerd: $(paste -sd' ' "$work/imported.txt")"
log "unpacked: $(($(wc -l <"$work/snapshots.txt") - 1)) overlayfs snapshots, $(wc -l <"$work/discarded.txt") layer blobs discarded"
[ "$(($(wc -l <"$work/snapshots.txt") - 1))" -ge "$(wc -l <"$work/imported.txt")" ] || { cat "$work/snapshots.txt" >&2; log "fewer snapshots than images: an unpack failed"; exit 1; }
rm -rf "$root/tmp/images" "$root/tmp/import.toml" "$root/run/containerd-import"

stage 6 "writing $TAG"
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/locale/*
rm -f "$root/etc/machine-id"
mkdir -p "$(dirname "$out")"
image_archive "$root" "$TAG" \
  '{"Entrypoint":["/usr/local/bin/entrypoint","/sbin/init"],"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","container=docker"],"StopSignal":"SIGRTMIN+3","Labels":{"nslab.image":"kind-node","io.x-k8s.kind.kubernetes-version":"'"$K8S_VERSION"'"}}' \
  "$out"
log "built $TAG ($(du -h "$out" | cut -f1))"
echo "$out"
