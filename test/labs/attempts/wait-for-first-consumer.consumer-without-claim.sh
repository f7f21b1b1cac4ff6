# Wrong attempt: consumer gets an emptyDir of its own; another pod takes the claim, so later
# binds, but not because consumer needed it.
# step: later
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: later }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources: { requests: { storage: 100Mi } }
EOF
kubectl describe pvc later
# step: immediate
kubectl apply -f - <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: ${NSLAB_PREFIX}immediate }
provisioner: rancher.io/local-path
volumeBindingMode: Immediate
reclaimPolicy: Delete
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: now }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}immediate
  resources: { requests: { storage: 100Mi } }
EOF
for i in $(seq 30); do kubectl get events --field-selector involvedObject.name=now,reason=ProvisioningFailed -o name | grep -q . && break; sleep 1; done
kubectl describe pvc now
# step: consumer
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata: { name: consumer }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox:1.36
    command: [sleep, "3600"]
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - name: data
    emptyDir: {}
---
apiVersion: v1
kind: Pod
metadata: { name: holder }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - { name: main, image: busybox:1.36, command: [sleep, '3600'], volumeMounts: [{ name: data, mountPath: /data }] }
  volumes:
  - name: data
    persistentVolumeClaim: { claimName: later }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/later --timeout=300s
# As the solution: consumer runs before the step is checked (a minute on a real node).
kubectl wait --for=condition=Ready pod/consumer --timeout=300s
kubectl get pvc later -o jsonpath='{.metadata.annotations.volume\.kubernetes\.io/selected-node}{"\n"}'
kubectl get pod consumer -o jsonpath='{.spec.nodeName}{"\n"}'
# step: nowhere
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: never }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources: { requests: { storage: 100Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: picky }
spec:
  terminationGracePeriodSeconds: 1
  nodeSelector: { disktype: none }
  containers:
  - name: main
    image: busybox:1.36
    command: [sleep, "3600"]
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - name: data
    persistentVolumeClaim: { claimName: never }
EOF
kubectl describe pod picky | tail -3
# expect: consumer: with a volume from claim later (volumes[].persistentVolumeClaim.claimName)
# expect: consumer: consumer (Running, no owner, no volume from any claim)