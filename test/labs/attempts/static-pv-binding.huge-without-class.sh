# Wrong attempt: the huge claim leaves out storageClassName; the default class's
# provisioner then makes a volume for it, so it never shows that no static volume fits.
# step: make-volumes
for size in 1 5 10; do kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-${size}g }
spec:
  capacity: { storage: ${size}Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}manual
  persistentVolumeReclaimPolicy: Retain
  hostPath: { path: /data/${NSLAB_PREFIX}pv-${size}g }
EOF
done
kubectl get pv
# step: claim
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: claim-2g }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}manual
  resources: { requests: { storage: 2Gi } }
EOF
kubectl get pvc claim-2g
# step: pinned
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: pinned }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}manual
  volumeName: ${NSLAB_PREFIX}pv-10g
  resources: { requests: { storage: 1Gi } }
EOF
# step: too-big
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: huge }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 20Gi } }
EOF
sleep 2; kubectl describe pvc huge | tail -4
# expect: too-big: Expected claim huge with phase Pending, an event ProvisioningFailed, but it is Pending, bound to no volume, class standard
# expect: too-big: Claim 20Gi of class manual
