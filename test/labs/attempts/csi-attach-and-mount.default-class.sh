# Wrong attempt: the claim names no class, so it gets the default one
# (local-path, which waits for a consumer): the CSI driver is never asked.
# step: provision
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 64Mi } }
EOF
# expect: provision: Expected claim data with phase Bound, of StorageClass nslab-csi, but it is Pending
# expect: provision: the driver made no volume for claim
