# Wrong attempt: the claim asks for ReadWriteMany, which no volume offers.
for size in 1 5 10; do kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-${size}g }
spec:
  capacity: { storage: ${size}Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}manual
  hostPath: { path: /data/${NSLAB_PREFIX}pv-${size}g }
EOF
done
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: claim-2g }
spec:
  accessModes: [ReadWriteMany]
  storageClassName: ${NSLAB_PREFIX}manual
  resources: { requests: { storage: 2Gi } }
EOF
# expect: claim: it is Pending, bound to no volume
# expect: claim: then the PV controller picks the smallest Available volume
