# Wrong attempt: the volume comes back, and the Lost claim is deleted and made again.
# The new claim binds, but it is another claim: the one that was Lost never recovered.
# step: lost
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-precious }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}vault
  persistentVolumeReclaimPolicy: Retain
  hostPath: { path: /data/${NSLAB_PREFIX}pv-precious }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: precious }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}vault
  resources: { requests: { storage: 1Gi } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/precious --timeout=30s
kubectl delete pv ${NSLAB_PREFIX}pv-precious --wait=false
kubectl get pv ${NSLAB_PREFIX}pv-precious -o jsonpath='{.metadata.finalizers}{"\n"}'
kubectl patch pv ${NSLAB_PREFIX}pv-precious --type json -p '[{"op":"remove","path":"/metadata/finalizers"}]'
kubectl wait --for=jsonpath='{.status.phase}'=Lost pvc/precious --timeout=30s; kubectl describe pvc precious | tail -2
# step: found
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-precious }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}vault
  persistentVolumeReclaimPolicy: Retain
  hostPath: { path: /data/${NSLAB_PREFIX}pv-precious }
EOF
kubectl delete pvc precious
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: precious }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}vault
  resources: { requests: { storage: 1Gi } }
EOF
sleep 20; kubectl get pvc precious
# expect: found: A claim made anew has a new UID
