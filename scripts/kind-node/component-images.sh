#!/usr/bin/env bash
# The images kubeadm init and kind's stages run in nslab's kind node, each a
# one-layer archive (scripts/images/image-archive.sh) under the tag kubeadm of
# this release (or nslab's storage manifest) names, so nothing is pulled:
#   kube-apiserver, kube-controller-manager, kube-scheduler  static Go binaries
#                                                   on a minimal root
#   kube-proxy       the binary and iptables (nft), with its libraries, from the node's Debian root
#   etcd             Debian 12's etcd-server (3.4) behind a wrapper that renames
#                    kubeadm's 3.6+ flags (etcd/etcd), with busybox's sh
#   local-path-provisioner   kind's `standard` StorageClass provisioner (built from source)
# Called by build-node-image.sh.
# Usage: component-images.sh NODE_ROOT CONTROL_PLANE_BIN NODE_BIN K8S_VERSION OUT_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../images/image-archive.sh"
node_root=$1 cp_bin=$2 node_bin=$3 version=$4 out=$5
LOCAL_PATH_VERSION=${NSLAB_LOCAL_PATH_VERSION:-v0.0.30}
log() { echo "kind-node: $*" >&2; }
work=$(mktemp -d /tmp/nslab-kind-images.XXXXXX)
trap 'rm -rf "$work"' EXIT

kubeadm_constant() { sed -n "s/^\s*$1 = \"\(.*\)\"/\1/p" "$k8s_src/cmd/kubeadm/app/constants/constants.go"; }
k8s_src=$(cd /tmp && go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/.*"Dir": "\(.*\)",*/\1/p')
etcd_tag="registry.k8s.io/etcd:$(kubeadm_constant DefaultEtcdVersion)"

# A root with what every image needs: users, a /tmp.
minimal_root() {
  local root="$work/$1"
  mkdir -p "$root/usr/local/bin" "$root/etc" "$root/tmp"
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$root/etc/group"
  echo "$root"
}

# Copies files of the node's root (paths inside it) into ROOT with every shared
# library they load, as ldd in the node's root resolves them.
copy_with_libraries() {
  local root=$1
  shift
  local libs
  libs=$(for f in "$@"; do chroot "$node_root" ldd "$f" 2>/dev/null || true; done | grep -o '/[^ ]*\.so[^ ]*' | sort -u)
  (cd "$node_root" && for f in "$@" $libs; do cp -L --parents "${f#/}" "$root/"; done)
}

config() { # ENTRYPOINT_JSON
  printf '{"Entrypoint":%s,"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]}' "$1"
}

for component in kube-apiserver kube-controller-manager kube-scheduler; do
  root=$(minimal_root "$component")
  install -m 0755 "$cp_bin/$component" "$root/usr/local/bin/$component"
  image_archive "$root" "registry.k8s.io/$component:$version" "$(config "[\"/usr/local/bin/$component\"]")" "$out/$component.tar"
  log "image registry.k8s.io/$component:$version"
done

root=$(minimal_root kube-proxy)
install -m 0755 "$node_bin/kube-proxy" "$root/usr/local/bin/kube-proxy"
xtables_modules=$(cd "$node_root" && ls usr/lib/x86_64-linux-gnu/xtables/*.so | sed 's#^#/#')
# shellcheck disable=SC2086
copy_with_libraries "$root" /usr/sbin/xtables-nft-multi $xtables_modules
for cmd in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
  ln -s xtables-nft-multi "$root/usr/sbin/$cmd"
done
image_archive "$root" "registry.k8s.io/kube-proxy:$version" "$(config '["/usr/local/bin/kube-proxy"]')" "$out/kube-proxy.tar"
log "image registry.k8s.io/kube-proxy:$version (iptables in nft mode)"

(cd "$work" && apt-get download etcd-server busybox-static >/dev/null 2>"$work/apt.log") || {
  log "apt-get download etcd-server busybox-static failed (run apt-get update once?): $(tail -1 "$work/apt.log")"; exit 1; }
for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/debs"; done
root=$(minimal_root etcd)
install -D -m 0755 "$work/debs/usr/bin/etcd" "$node_root/tmp/etcd"
copy_with_libraries "$root" /tmp/etcd
mkdir -p "$root/usr/lib/etcd" "$root/bin" "$root/var/lib/etcd"
mv "$root/tmp/etcd" "$root/usr/lib/etcd/etcd"
rm -f "$node_root/tmp/etcd"
install -m 0755 "$work/debs/bin/busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 0755 "$here/etcd/etcd" "$root/usr/local/bin/etcd"
image_archive "$root" "$etcd_tag" "$(config '["/usr/local/bin/etcd"]')" "$out/etcd.tar"
log "image $etcd_tag (Debian's etcd $("$work/debs/usr/bin/etcd" --version | sed -n 's/^etcd Version: //p'))"

root=$(minimal_root local-path-provisioner)
install -m 0755 "$cp_bin/local-path-provisioner" "$root/usr/local/bin/local-path-provisioner"
image_archive "$root" "docker.io/nslab/local-path-provisioner:$LOCAL_PATH_VERSION" "$(config '["/usr/local/bin/local-path-provisioner"]')" "$out/local-path-provisioner.tar"
log "image docker.io/nslab/local-path-provisioner:$LOCAL_PATH_VERSION"
