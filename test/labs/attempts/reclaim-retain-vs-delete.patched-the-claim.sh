# Wrong attempt: the reclaim policy is set on the claim, which has no such
# field (the patch changes nothing); both volumes keep Delete and both go.
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
keep_pv=$(kubectl get pvc keep -o jsonpath='{.spec.volumeName}')
kubectl patch pvc keep -p '{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}'
# step: delete-claims
kubectl delete pod user
kubectl delete pvc keep toss
kubectl wait --for=delete pv/$keep_pv --timeout=300s
# expect: two-claims: Expected the volume of claim keep with phase Bound, reclaim policy Retain, but
# expect: two-claims: Patch the PersistentVolume of claim keep
# expect: delete-claims: Expected the volume of claim keep with phase Released, reclaim policy Retain, but there is no such volume
