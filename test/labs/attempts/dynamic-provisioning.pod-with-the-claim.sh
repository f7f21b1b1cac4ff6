# Wrong attempt: the pod comes with the claim, so by the time step 1 is checked
# the claim no longer waits and a volume already exists.
# step: claim
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 100Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: writer }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: writer
    image: busybox:1.36
    command: [sh, -c, 'echo hello > /data/msg; sleep 3600']
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - name: data
    persistentVolumeClaim: { claimName: data }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/data --timeout=300s
# expect: claim: Expected claim data with phase Pending
# expect: claim: Nothing should use the claim yet
