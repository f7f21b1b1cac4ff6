# Wrong attempt: the last pod has no nodeSelector, so it is scheduled, the claim
# gets a node and a volume: nothing is left unschedulable.
# step: nowhere
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: never }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources: { requests: { storage: 100Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: picky }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox:1.36
    command: [sleep, "3600"]
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - name: data
    persistentVolumeClaim: { claimName: never }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/never --timeout=300s
# expect: nowhere: picky was scheduled to a node
# expect: nowhere: Expected claim never with phase Pending, no selected node yet, but it is Bound
