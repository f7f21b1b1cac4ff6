# Wrong attempt: attached without the attacher's finalizer. Nothing then holds
# the VolumeAttachment when the pod goes: it vanishes before any
# ControllerUnpublishVolume could run.
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
apiVersion: v1
kind: Pod
metadata: { name: app }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - { name: app, image: busybox:1.36, command: [sleep, "3600"], volumeMounts: [{ name: data, mountPath: /data }] }
  volumes: [{ name: data, persistentVolumeClaim: { claimName: data } }]
EOF
timeout 60 sh -c "until kubectl get volumeattachment -o name | grep -q .; do sleep 1; done"
va=$(kubectl get volumeattachment -o jsonpath="{range .items[?(@.spec.source.persistentVolumeName=='${NSLAB_PREFIX}data-pv')]}{.metadata.name}{end}")
# step: attach
kubectl patch volumeattachment $va --subresource=status --type=merge -p '{"status":{"attached":true}}'
# step: detach-request
kubectl delete pod app
# expect: attach: Expected a VolumeAttachment for the volume of claim data with finalizer external-attacher/attach-by-hand-nslab-dev
# Once the pod goes, the controller deletes the unheld VolumeAttachment, and
# may make it again (attached false) while its own record of the pod catches
# up: either way the step's hint names the missing finalizer.
# expect: detach-request: the finalizer was missing
