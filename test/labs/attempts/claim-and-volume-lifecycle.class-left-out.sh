# Wrong attempt: the claim leaves storageClassName out, thinking that is "no class".
# Admission fills in the default class, standard, and the claim waits for a consumer.
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
# step: no-class
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-plain, labels: { owner: ${NSLAB_LEARNER} } }
spec:
  capacity: { storage: 64Mi }
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  hostPath: { path: /data/${NSLAB_PREFIX}pv-plain }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: plain }
spec:
  accessModes: [ReadWriteOnce]
  selector: { matchLabels: { owner: ${NSLAB_LEARNER} } }
  resources: { requests: { storage: 64Mi } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/plain --timeout=30s; kubectl get pvc plain
# expect: no-class: class standard
# expect: no-class: Write `storageClassName: ""` in the claim
