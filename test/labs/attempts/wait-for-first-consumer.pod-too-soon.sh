# Wrong attempt: the consumer is made together with the claim, so there is no
# waiting left to see in step 1.
# step: later
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: later }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources: { requests: { storage: 100Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: consumer }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox:1.36
    command: [sleep, "3600"]
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - name: data
    persistentVolumeClaim: { claimName: later }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/later --timeout=300s
# expect: later: Expected claim later with phase Pending, no selected node yet
# expect: later: a pod that uses it would end the wait
