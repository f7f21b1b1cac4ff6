# Wrong attempt: the claim is deleted and made again along with the pod. The
# new claim gets a new, empty volume; what w1 wrote went with the old one.
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
metadata: { name: w1 }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox:1.36
    command: [sh, -c, 'echo hello > /data/msg; sleep 3600']
    volumeMounts: [{ name: notes, mountPath: /data }]
  volumes:
  - { name: notes, persistentVolumeClaim: { claimName: notes } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/notes --timeout=300s
kubectl get pvc notes -o jsonpath='{.spec.volumeName}' > $NSLAB_WORK/volume
# step: replace
kubectl delete pod w1
kubectl delete pvc notes
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
    command: [sh, -c, 'cat /data/msg; sleep 3600']
    volumeMounts: [{ name: notes, mountPath: /data }]
  volumes:
  - { name: notes, persistentVolumeClaim: { claimName: notes } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/notes --timeout=300s
# expect: replace: the saved volume is pvc-
# expect: replace: deleting and re-making the claim gives a new, empty volume
