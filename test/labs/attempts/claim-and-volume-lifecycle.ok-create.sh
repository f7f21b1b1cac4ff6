# Right variant: kubectl create instead of apply, a matchExpressions selector, and the
# finalizer removed with a merge patch.
# step: selector
kubectl create -f - <<EOF
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
kubectl create -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: fast }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}lifecycle
  selector: { matchExpressions: [{ key: tier, operator: In, values: [fast, faster] }] }
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
  storageClassName: ""
  selector: { matchLabels: { owner: ${NSLAB_LEARNER} } }
  resources: { requests: { storage: 64Mi } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/plain --timeout=30s; kubectl get pvc plain
# step: block-pending
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-disk, labels: { owner: ${NSLAB_LEARNER} } }
spec:
  capacity: { storage: 96Mi }
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  hostPath: { path: /data/${NSLAB_PREFIX}pv-disk }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: raw }
spec:
  accessModes: [ReadWriteOnce]
  volumeMode: Block
  storageClassName: ""
  selector: { matchLabels: { owner: ${NSLAB_LEARNER} } }
  resources: { requests: { storage: 64Mi } }
EOF
sleep 3; kubectl describe pvc raw | tail -3
# step: block-bound
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-block, labels: { owner: ${NSLAB_LEARNER} } }
spec:
  capacity: { storage: 64Mi }
  accessModes: [ReadWriteOnce]
  volumeMode: Block
  storageClassName: ""
  local: { path: /dev/${NSLAB_PREFIX}disk }
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - { key: kubernetes.io/hostname, operator: In, values: [nslab-control-plane] }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/raw --timeout=30s; kubectl get pv
# step: nobody-provisions
kubectl apply -f - <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: ${NSLAB_PREFIX}nobody }
provisioner: nslab.dev/nobody
reclaimPolicy: Delete
volumeBindingMode: Immediate
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: waiting }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}nobody
  resources: { requests: { storage: 1Gi } }
EOF
sleep 3; kubectl describe pvc waiting | tail -3
# step: by-hand
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-by-hand }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}nobody
  persistentVolumeReclaimPolicy: Retain
  hostPath: { path: /data/${NSLAB_PREFIX}pv-by-hand }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/waiting --timeout=30s; kubectl get pvc waiting
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
kubectl patch pv ${NSLAB_PREFIX}pv-precious --type merge -p '{"metadata":{"finalizers":null}}'
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
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/precious --timeout=60s; kubectl get pvc precious
# step: failed
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-scratch }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}scratch
  persistentVolumeReclaimPolicy: Delete
  hostPath: { path: /data/${NSLAB_PREFIX}pv-scratch }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: scratch }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}scratch
  resources: { requests: { storage: 1Gi } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/scratch --timeout=30s
kubectl delete pvc scratch
kubectl wait --for=jsonpath='{.status.phase}'=Failed pv/${NSLAB_PREFIX}pv-scratch --timeout=30s
kubectl get pv ${NSLAB_PREFIX}pv-scratch -o jsonpath='{.status.message}{"\n"}'
# step: annotations
kubectl create -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-reserved }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}reserved
  claimRef: { namespace: ${NSLAB_NAMESPACE}, name: reserved }
  hostPath: { path: /data/${NSLAB_PREFIX}pv-reserved }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: reserved }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}reserved
  resources: { requests: { storage: 1Gi } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/reserved --timeout=30s
for o in pv/${NSLAB_PREFIX}pv-fast pvc/fast pv/${NSLAB_PREFIX}pv-reserved pvc/reserved; do
  echo "$o: $(kubectl get $o -o jsonpath='{.metadata.annotations}' | tr ',' '\n' | grep -o 'pv.kubernetes.io/[a-z-]*":"yes' | tr '\n' ' ')"
done
