# Sourced by build-csi-sidecars.sh (which builds these) and
# scripts/images/build-csi-sidecars-image.sh (which packs these very builds,
# not whichever version of a sidecar the cache holds last): the pinned CSI
# sidecar releases, each overridable from the environment, and the folder
# (bin) their builds are cached in, by name and version. test/cluster/csi-plane.ts
# names the same defaults.
PROVISIONER_VERSION=${NSLAB_CSI_PROVISIONER_VERSION:-v6.4.0}
ATTACHER_VERSION=${NSLAB_CSI_ATTACHER_VERSION:-v4.13.0}
SNAPSHOTTER_VERSION=${NSLAB_CSI_SNAPSHOTTER_VERSION:-v8.7.0}
RESIZER_VERSION=${NSLAB_CSI_RESIZER_VERSION:-v2.3.0}
cache=${NSLAB_CSI_CACHE:-$HOME/.cache/nslab/csi}
bin="$cache/bin"
