# Wrong attempt: a common misconception, "ReadWriteOnce means one pod". The second
# reader gets a claim of its own, notes-2, and reads an empty volume; the lesson (one
# claim, two pods on one node) is missed. r1 and r2 both run, though.
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
kubectl wait --for=condition=Ready pod/w1 --timeout=60s
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
kubectl wait --for=condition=Ready pod/r1 --timeout=60s
kubectl logs r1
# step: second-reader
kubectl create -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: notes-2 }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources: { requests: { storage: 100Mi } }
---
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
  - { name: notes, persistentVolumeClaim: { claimName: notes-2 } }
EOF
kubectl wait --for=condition=Ready pod/r2 --timeout=60s
kubectl get pods -l app=notes-reader -o wide
# expect: second-reader: Expected 2 pod(s) labelled app=notes-reader in phase Running with a volume from claim notes
# expect: second-reader: ReadWriteOnce limits the nodes, not the pods
