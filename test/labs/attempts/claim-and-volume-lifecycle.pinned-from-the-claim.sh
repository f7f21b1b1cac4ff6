# Wrong attempt: the volume is reserved from the claim's side (spec.volumeName) instead
# of the volume's (claimRef): the controller then writes the other half and the annotations flip.
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
# step: annotations
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-reserved }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}reserved
  hostPath: { path: /data/${NSLAB_PREFIX}pv-reserved }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: reserved }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}reserved
  volumeName: ${NSLAB_PREFIX}pv-reserved
  resources: { requests: { storage: 1Gi } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/reserved --timeout=30s
for o in pv/${NSLAB_PREFIX}pv-fast pvc/fast pv/${NSLAB_PREFIX}pv-reserved pvc/reserved; do
  echo "$o: $(kubectl get $o -o jsonpath='{.metadata.annotations}' | tr ',' '\n' | grep -o 'pv.kubernetes.io/[a-z-]*":"yes' | tr '\n' ' ')"
done
# expect: annotations: the claim named its volume itself in spec.volumeName
# expect: annotations: reserve from the volume's side instead
