# Wrong attempt: a pod app that mounts a scratch volume (emptyDir) at /data
# instead of the claim: it runs, but no kubelet ever mounts data, so nobody
# grows its filesystem and the claim stays at 64Mi, NodeResizePending.
# step: class
kubectl apply -f - <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: ${NSLAB_PREFIX}growable }
provisioner: csi.nslab.dev
reclaimPolicy: Delete
volumeBindingMode: Immediate
allowVolumeExpansion: true
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}growable
  resources: { requests: { storage: 64Mi } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/data --timeout=60s
# step: grow
kubectl patch pvc data -p '{"spec":{"resources":{"requests":{"storage":"128Mi"}}}}'
kubectl wait --for=condition=FileSystemResizePending pvc/data --timeout=60s
# step: mount
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata: { name: app }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - { name: app, image: busybox:1.36, command: [sleep, "3600"], volumeMounts: [{ name: data, mountPath: /data }] }
  volumes: [{ name: data, emptyDir: {} }]
EOF
kubectl wait --for=condition=Ready pod/app --timeout=300s
# expect: mount: Expected 1 pod(s) named app in phase Running with a volume from claim data
