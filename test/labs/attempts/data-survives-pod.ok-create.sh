# Right variant: every object made with kubectl create instead of kubectl apply.
# step: write
kubectl create -f - <<EOF
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
kubectl wait --for=condition=Ready pod/w1 --timeout=300s
kubectl get pvc notes -o jsonpath='{.spec.volumeName}' > $NSLAB_WORK/volume; cat $NSLAB_WORK/volume
kubectl exec w1 -- cat /data/msg
# step: replace
kubectl delete pod w1
kubectl create -f - <<EOF
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
kubectl wait --for=condition=Ready pod/r1 --timeout=300s
kubectl logs r1
# step: second-reader
kubectl create -f - <<EOF
apiVersion: v1
kind: Pod
metadata: { name: r2, labels: { app: notes-reader } }
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
kubectl wait --for=condition=Ready pod/r2 --timeout=300s
kubectl get pods -l app=notes-reader -o wide
# step: protected
kubectl delete pvc notes --wait=false
kubectl get pvc notes -o jsonpath='{.metadata.deletionTimestamp} {.metadata.finalizers}{"\n"}'
# step: let-go
kubectl delete pod r1 r2
kubectl wait --for=delete pvc/notes --timeout=300s
kubectl wait --for=delete pv/$(cat $NSLAB_WORK/volume) --timeout=300s
