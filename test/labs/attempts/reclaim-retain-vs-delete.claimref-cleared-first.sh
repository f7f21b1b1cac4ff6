# Wrong attempt: the right steps in the wrong order. Reading ahead, the learner clears the
# old uid from the volume's claimRef before making the new claim keep, so keep binds at
# once: there is no Pending claim to see why a Released volume is not handed out.
# step: two-claims
kubectl create -f - <<EOF
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
    command: [sh, -c, 'echo precious > /keep/msg; echo junk > /toss/msg; sleep 3600']
    volumeMounts: [{ name: keep, mountPath: /keep }, { name: toss, mountPath: /toss }]
  volumes:
  - { name: keep, persistentVolumeClaim: { claimName: keep } }
  - { name: toss, persistentVolumeClaim: { claimName: toss } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/keep pvc/toss --timeout=60s
keep_pv=$(kubectl get pvc keep -o jsonpath='{.spec.volumeName}'); toss_pv=$(kubectl get pvc toss -o jsonpath='{.spec.volumeName}')
kubectl patch pv $keep_pv -p '{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}'
kubectl get pv $keep_pv $toss_pv
# step: delete-claims
kubectl delete pod user
kubectl delete pvc keep toss
kubectl wait --for=delete pv/$toss_pv --timeout=60s
kubectl get pv $keep_pv
# step: claim-again
kubectl patch pv $keep_pv -p '{"spec":{"claimRef":{"uid":null,"resourceVersion":null}}}'
kubectl create -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: keep }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  volumeName: $keep_pv
  resources: { requests: { storage: 100Mi } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/keep --timeout=60s
# expect: claim-again: Expected claim keep with phase Pending
# expect: claim-again: leave the volume's claimRef alone for now
