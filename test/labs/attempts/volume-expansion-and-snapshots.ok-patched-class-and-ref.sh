# Right variant: the class first made without expansion and then patched to
# allow it (the one field of a class that may change), the claim grown with a
# JSON patch, the pod made from a file, and the restore written with
# dataSourceRef.
# step: class
kubectl apply -f - <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: { name: ${NSLAB_PREFIX}growable }
provisioner: csi.nslab.dev
reclaimPolicy: Delete
volumeBindingMode: Immediate
EOF
kubectl patch storageclass ${NSLAB_PREFIX}growable -p '{"allowVolumeExpansion":true}'
kubectl apply -f - <<EOF
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
kubectl patch pvc data --type=json -p '[{"op":"replace","path":"/spec/resources/requests/storage","value":"128Mi"}]'
timeout 60 sh -c "until kubectl get pvc data -o jsonpath='{.status.allocatedResourceStatuses.storage}' | grep -q NodeResizePending; do sleep 1; done"
# step: mount
cat > /tmp/${NSLAB_PREFIX}app.yaml <<EOF
apiVersion: v1
kind: Pod
metadata: { name: app }
spec:
  terminationGracePeriodSeconds: 1
  volumes: [{ name: data, persistentVolumeClaim: { claimName: data } }]
  containers:
  - { name: app, image: busybox:1.36, command: [sleep, "3600"], volumeMounts: [{ name: data, mountPath: /data }] }
EOF
kubectl create -f /tmp/${NSLAB_PREFIX}app.yaml
# The kubelet grows the volume while it mounts it, before the container starts. As
# long as the grader lets a command run there (600 s): on a busy real node the driver has
# refused NodePublishVolume for minutes after NodeStageVolume (README), holding app Pending.
timeout 540 sh -c "until kubectl get pod app -o jsonpath='{.status.phase}' | grep -qx Running; do sleep 2; done"
# step: snapshot
kubectl apply -f - <<EOF
apiVersion: snapshot.storage.k8s.io/v1
kind: VolumeSnapshot
metadata: { name: data-snap }
spec:
  volumeSnapshotClassName: nslab-csi-snapshots
  source: { persistentVolumeClaimName: data }
EOF
kubectl wait --for=jsonpath='{.status.readyToUse}'=true volumesnapshot/data-snap --timeout=60s
# step: restore
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: restored }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}growable
  resources: { requests: { storage: 200Mi } }
  dataSourceRef: { apiGroup: snapshot.storage.k8s.io, kind: VolumeSnapshot, name: data-snap }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/restored --timeout=60s
