# Sourced by build-csi-sidecars.sh (which builds these) and
# scripts/images/build-csi-sidecars-image.sh (which packs these very builds,
# not whichever version of a sidecar the cache holds last): the pinned CSI
# sidecar releases, each overridable from the environment. test/cluster/csi-plane.ts
# names the same defaults.
PROVISIONER_VERSION=${NSLAB_CSI_PROVISIONER_VERSION:-v6.4.0}
ATTACHER_VERSION=${NSLAB_CSI_ATTACHER_VERSION:-v4.13.0}
SNAPSHOTTER_VERSION=${NSLAB_CSI_SNAPSHOTTER_VERSION:-v8.7.0}
RESIZER_VERSION=${NSLAB_CSI_RESIZER_VERSION:-v2.3.0}
