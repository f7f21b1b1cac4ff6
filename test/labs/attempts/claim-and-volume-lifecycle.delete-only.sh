# Wrong attempt: the volume is deleted with kubectl delete alone. pv-protection keeps a
# bound volume (Terminating), so the claim is never Lost.
# step: selector
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-small }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}lifecycle
  hostPath: { path: /data/${NSLAB_PREFIX}pv-small }
---
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-fast, labels: { tier: fast } }
spec:
  capacity: { storage: 5Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}lifecycle
  hostPath: { path: /data/${NSLAB_PREFIX}pv-fast }
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: fast }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}lifecycle
  selector: { matchLabels: { tier: fast } }
  resources: { requests: { storage: 1Gi } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/fast --timeout=30s; kubectl get pv
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
sleep 3; kubectl describe pvc precious | tail -2
# expect: lost: but it is Bound
# expect: lost: only marks it (Terminating) until you remove that finalizer
