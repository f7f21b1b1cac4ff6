#!/usr/bin/env bash
# Builds the nslab guest VM image from Debian's packages alone (no registry, no
# download of a prebuilt image): debootstrap a Debian root with a kernel,
# systemd, sshd and a Docker engine, lay nslab's few config files over it, and
# turn the folder into an ext4 disk image with `mkfs.ext4 -d` (nothing mounted).
#
# The result lands in $NSLAB_GUEST_CACHE/<key>/ (default ~/.cache/nslab/guest),
# where <key> hashes everything that goes into it (this script, the package
# list, the config files, the suite), so a second run only finds it there:
#   disk.img  vmlinuz  initrd.img  id_ed25519(.pub)  known_hosts  manifest.json
# Progress lines on stderr read "guest-image: [N/5] ..."; the last line of
# stdout is the image folder.
# Usage: scripts/guest/build-image.sh [--key-only]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mirror=${NSLAB_DEBIAN_MIRROR:-http://deb.debian.org/debian}
suite=${NSLAB_DEBIAN_SUITE:-bookworm}
cache=${NSLAB_GUEST_CACHE:-$HOME/.cache/nslab/guest}
disk_size=${NSLAB_GUEST_DISK:-16G}

key=$( (cd "$here" && { echo "$suite $disk_size"; cat build-image.sh packages.txt; find rootfs -type f | LC_ALL=C sort | xargs -r sha256sum; }) | sha256sum | cut -c1-16)
if [ "${1:-}" = --key-only ]; then echo "$key"; exit 0; fi
out="$cache/$key"
if [ -f "$out/manifest.json" ]; then echo "$out"; exit 0; fi

log() { echo "guest-image: $*" >&2; }
[ "$(id -u)" = 0 ] || { log "building the guest image needs root (debootstrap, device nodes in the image); run it once with sudo"; exit 2; }
for tool in debootstrap mkfs.ext4 ssh-keygen; do
  command -v "$tool" >/dev/null || { log "'$tool' is missing; on Debian: apt-get install -y debootstrap e2fsprogs openssh-client"; exit 2; }
done

mkdir -p "$cache"
work=$(mktemp -d "$cache/.build-$key.XXXXXX")
trap 'rm -rf "$work"' EXIT
root="$work/root"
packages=$(grep -v '^#' "$here/packages.txt" | grep -v '^$' | paste -sd, -)
started=$SECONDS

log "[1/5] debootstrap $suite with $packages (a few minutes, once)"
if ! debootstrap --variant=minbase --include="$packages" "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -20 "$work/debootstrap.log" >&2
  exit 1
fi

log "[2/5] nslab's configuration: sshd with one key, the engine with --bridge=none, DHCP on QEMU's user network"
cp -a "$here/rootfs/." "$root/"
ssh-keygen -q -t ed25519 -N '' -C nslab-guest -f "$work/id_ed25519"
install -d -m 0700 "$root/root/.ssh"
install -m 0600 "$work/id_ed25519.pub" "$root/root/.ssh/authorized_keys"
# The host keys are made here rather than at first boot, so the host can pin them.
rm -f "$root"/etc/ssh/ssh_host_*
ssh-keygen -q -t ed25519 -N '' -C nslab-guest-host -f "$root/etc/ssh/ssh_host_ed25519_key"
echo "nslab-guest $(cut -d' ' -f1,2 "$root/etc/ssh/ssh_host_ed25519_key.pub")" >"$work/known_hosts"
chroot "$root" systemctl enable systemd-networkd.service ssh.service docker.service >/dev/null 2>&1
# Nothing in the guest should wait for a network that will never answer.
chroot "$root" systemctl mask systemd-networkd-wait-online.service apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer >/dev/null 2>&1 || true
chroot "$root" passwd -l root >/dev/null
# The initrd waits for the root disk by its label (rootfs/etc/initramfs-tools).
chroot "$root" update-initramfs -u >"$work/initramfs.log" 2>&1 || { tail -20 "$work/initramfs.log" >&2; exit 1; }

log "[3/5] kernel and initrd"
cp "$(ls "$root"/boot/vmlinuz-* | sort -V | tail -1)" "$work/vmlinuz"
cp "$(ls "$root"/boot/initrd.img-* | sort -V | tail -1)" "$work/initrd.img"
kernel_version=$(basename "$(ls "$root"/boot/vmlinuz-* | sort -V | tail -1)" | sed 's/^vmlinuz-//')
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*

log "[4/5] ext4 disk image ($disk_size, sparse)"
mkfs.ext4 -q -F -L nslab-guest -d "$root" "$work/disk.img" "$disk_size"
rm -rf "$root"

log "[5/5] done in $((SECONDS - started)) s"
printf '{"key":"%s","suite":"%s","kernel":"%s","builtAt":"%s"}\n' "$key" "$suite" "$kernel_version" "$(date -u +%FT%TZ)" >"$work/manifest.json"
chmod 0700 "$work"
trap - EXIT
rm -rf "$out"
mv "$work" "$out"
echo "$out"
