# Right variant: every object made with kubectl create instead of kubectl apply.
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
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/keep pvc/toss --timeout=300s
# user must have written before the next step deletes it: a minute on a real node.
kubectl wait --for=condition=Ready pod/user --timeout=300s
keep_pv=$(kubectl get pvc keep -o jsonpath='{.spec.volumeName}'); toss_pv=$(kubectl get pvc toss -o jsonpath='{.spec.volumeName}')
kubectl patch pv $keep_pv -p '{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}'
kubectl get pv $keep_pv $toss_pv
# step: delete-claims
kubectl delete pod user
kubectl delete pvc keep toss
kubectl wait --for=delete pv/$toss_pv --timeout=300s
kubectl get pv $keep_pv
# step: claim-again
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
for i in $(seq 30); do kubectl get events --field-selector involvedObject.name=keep,reason=FailedBinding -o name | grep -q . && break; sleep 1; done
kubectl describe pvc keep | tail -3
# step: reclaim
kubectl patch pv $keep_pv -p '{"spec":{"claimRef":{"uid":null,"resourceVersion":null}}}'
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/keep --timeout=300s
kubectl create -f - <<EOF
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
kubectl wait --for=condition=Ready pod/reader --timeout=300s
kubectl exec reader -- cat /data/msg
