# Wrong attempt: the readers are deleted before the claim, so nothing holds
# the claim back and there is no protected deletion to see.
# step: write
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: notes }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources: { requests: { storage: 100Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: r1, labels: { app: notes-reader } }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox:1.36
    command: [sleep, "3600"]
    volumeMounts: [{ name: notes, mountPath: /data }]
  volumes:
  - { name: notes, persistentVolumeClaim: { claimName: notes } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/notes --timeout=300s
# step: protected
kubectl delete pod r1
kubectl delete pvc notes
# expect: protected: Expected claim notes with phase Bound, its deletion held back by finalizers, but there is no claim notes
