# Wrong attempt: the learner attaches first and makes the VolumeAttachment
# themselves, with no pod; nobody asked for that attach, and the attach/detach
# controller's field manager is not on it.
# step: attach-request
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}data-pv }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  csi: { driver: attach-by-hand.nslab.dev, volumeHandle: ${NSLAB_PREFIX}vol-1 }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ""
  volumeName: ${NSLAB_PREFIX}data-pv
  resources: { requests: { storage: 1Gi } }
EOF
kubectl apply -f - <<EOF
apiVersion: storage.k8s.io/v1
kind: VolumeAttachment
metadata: { name: ${NSLAB_PREFIX}by-hand }
spec:
  attacher: attach-by-hand.nslab.dev
  nodeName: nslab-control-plane
  source: { persistentVolumeName: ${NSLAB_PREFIX}data-pv }
EOF
# expect: attach-request: its spec written by the attach/detach controller (field manager kube-controller-manager)
# expect: attach-request: made by kubectl-client-side-apply
# expect: attach-request: one you create yourself is nobody's request
