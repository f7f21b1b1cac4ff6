# Wrong attempt: the scratch volume keeps the default policy of a hand-made volume,
# Retain, so deleting the claim only makes it Released: nothing tries to delete it.
# step: failed
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-scratch }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}scratch
  persistentVolumeReclaimPolicy: Retain
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
sleep 3
kubectl get pv ${NSLAB_PREFIX}pv-scratch -o jsonpath='{.status.message}{"\n"}'
# expect: failed: is Released
# expect: failed: With Retain the volume is only Released
