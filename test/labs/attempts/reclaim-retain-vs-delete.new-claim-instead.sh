# Wrong attempt: after the claims are gone, a plain new claim keep (no
# volumeName, claimRef left alone) gets a new, empty volume from the
# provisioner, and the retained one stays Released with the data.
# step: two-claims
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: keep }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources: { requests: { storage: 100Mi } }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: toss }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources: { requests: { storage: 100Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: user }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox:1.36
    command: [sleep, "3600"]
    volumeMounts: [{ name: keep, mountPath: /keep }, { name: toss, mountPath: /toss }]
  volumes:
  - { name: keep, persistentVolumeClaim: { claimName: keep } }
  - { name: toss, persistentVolumeClaim: { claimName: toss } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/keep pvc/toss --timeout=300s
keep_pv=$(kubectl get pvc keep -o jsonpath='{.spec.volumeName}'); toss_pv=$(kubectl get pvc toss -o jsonpath='{.spec.volumeName}')
kubectl patch pv $keep_pv -p '{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}'
# step: delete-claims
kubectl delete pod user
kubectl delete pvc keep toss
kubectl wait --for=delete pv/$toss_pv --timeout=300s
# step: claim-again
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: keep }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources: { requests: { storage: 100Mi } }
EOF
# step: reclaim
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata: { name: reader }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox:1.36
    command: [sh, -c, 'cat /data/msg; sleep 3600']
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - { name: data, persistentVolumeClaim: { claimName: keep } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/keep --timeout=300s
# expect: claim-again: an event FailedBinding saying "already bound to a different claim", but it is Pending
# expect: reclaim: Expected the volume of claim keep with phase Bound, reclaim policy Retain, but
# expect: reclaim: A claim without volumeName gets a new, empty volume
