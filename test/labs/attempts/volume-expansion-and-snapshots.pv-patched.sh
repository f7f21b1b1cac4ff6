# Wrong attempt: grows the PV instead of the claim; the number changes, the
# driver is never asked, and the claim knows nothing of it.
# step: class
kubectl apply -f - <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: ${NSLAB_PREFIX}growable }
provisioner: csi.nslab.dev
reclaimPolicy: Delete
volumeBindingMode: Immediate
allowVolumeExpansion: true
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}growable
  resources: { requests: { storage: 64Mi } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/data --timeout=60s
# step: grow
kubectl patch pv "$(kubectl get pvc data -o jsonpath='{.spec.volumeName}')" -p '{"spec":{"capacity":{"storage":"128Mi"}}}'
# step: snapshot
kubectl apply -f - <<EOF
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: { name: data-snap }
spec:
  volumeSnapshotClassName: nslab-csi-snapshots
  source: { persistentVolumeClaimName: data }
EOF
kubectl wait --for=jsonpath='{.status.readyToUse}'=true volumesnapshot/data-snap --timeout=60s
# step: restore
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: restored }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}growable
  resources: { requests: { storage: 128Mi } }
  dataSource: { apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: data-snap }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/restored --timeout=30s
# expect: grow: the driver answered CreateVolume
# expect: grow: {.status.allocatedResources.storage} is absent
