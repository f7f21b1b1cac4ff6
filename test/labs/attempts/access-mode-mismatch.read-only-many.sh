# Wrong attempt: wide is made again as ReadOnlyMany, which the volume does not
# offer either (it offers ReadWriteOnce only), so it stays Pending.
# step: binder-says-little
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-rwo }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}manual
  persistentVolumeReclaimPolicy: Retain
  hostPath: { path: /data/${NSLAB_PREFIX}pv-rwo }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: wide }
spec:
  accessModes: [ReadWriteMany]
  storageClassName: ${NSLAB_PREFIX}manual
  resources: { requests: { storage: 1Gi } }
EOF
# step: fix
kubectl delete pvc wide
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: wide }
spec:
  accessModes: [ReadOnlyMany]
  storageClassName: ${NSLAB_PREFIX}manual
  resources: { requests: { storage: 1Gi } }
EOF
# expect: fix: Expected claim wide with phase Bound, bound to volume
# expect: fix: but it is Pending, bound to no volume, class
# expect: fix: ReadOnlyMany is not offered either
