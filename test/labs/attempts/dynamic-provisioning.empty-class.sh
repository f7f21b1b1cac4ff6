# Wrong attempt: storageClassName "" means "no class", not "the default class":
# admission leaves it alone, no provisioner is asked, and no static volume fits.
# step: claim
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  resources: { requests: { storage: 100Mi } }
EOF
# step: consume
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata: { name: writer }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: writer
    image: busybox:1.36
    command: [sh, -c, 'echo hello > /data/msg; sleep 3600']
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - name: data
    persistentVolumeClaim: { claimName: data }
EOF
# expect: claim: of StorageClass standard, an event WaitForFirstConsumer
# expect: claim: but it is Pending, bound to no volume, class (none)
# expect: consume: Expected claim data with phase Bound
# expect: consume: there is no such volume
