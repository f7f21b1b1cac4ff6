# Wrong attempt: the claim asks for 2Gi instead of using a selector. pv-fast is
# then the smallest that fits: the right volume by the smallest-fit rule, not by labels.
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
  resources: { requests: { storage: 2Gi } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/fast --timeout=30s; kubectl get pv
# expect: selector: A claim of 2Gi would also land on pv-fast
# expect: selector: {.spec.resources.requests.storage} is 2Gi
