# Wrong attempt: the right-looking PV (spec.csi of the driver) made by hand and
# the claim pre-bound to it: it binds, but the driver never created a volume.
# step: provision
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}data-pv }
spec:
  capacity: { storage: 64Mi }
  accessModes: [ReadWriteOnce]
  storageClassName: nslab-csi
  persistentVolumeReclaimPolicy: Delete
  csi: { driver: csi.nslab.dev, volumeHandle: ${NSLAB_PREFIX}vol-1 }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: nslab-csi
  volumeName: ${NSLAB_PREFIX}data-pv
  resources: { requests: { storage: 64Mi } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/data --timeout=60s
# expect: provision: provisioned by csi.nslab.dev, but
# expect: provision: the driver made no volume for claim
