# Right variant: every object made with kubectl create instead of kubectl apply.
# step: make-volumes
for size in 1 5 10; do kubectl create -f - <<EOF
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
kubectl create -f - <<EOF
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
kubectl create -f - <<EOF
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
kubectl create -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: huge }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}manual
  resources: { requests: { storage: 20Gi } }
EOF
sleep 2; kubectl describe pvc huge | tail -4
