# Wrong attempt: the claims are patched instead of made again. The API server
# refuses (spec is immutable), so both stay ReadWriteMany and Pending.
# step: provisioner-says-no
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: shared }
spec:
  accessModes: [ReadWriteMany]
  storageClassName: standard
  resources: { requests: { storage: 100Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: app }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox:1.36
    command: [sleep, "3600"]
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - { name: data, persistentVolumeClaim: { claimName: shared } }
EOF
for i in $(seq 30); do kubectl get events --field-selector involvedObject.name=shared,reason=ProvisioningFailed -o name | grep -q . && break; sleep 1; done
# step: fix
kubectl patch pvc shared -p '{"spec":{"accessModes":["ReadWriteOnce"]}}'
# expect: fix: Expected claim shared with phase Bound, access modes ReadWriteOnce, but it is Pending, bound to no volume, class standard, access modes ReadWriteMany
# expect: fix: Access modes are immutable
