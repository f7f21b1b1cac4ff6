# Wrong attempt: the attacher's answer patched into the object rather than its
# status subresource; the API server keeps the old status ("no change"), so the
# volume is never attached and the node never lists it.
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
kubectl patch volumeattachment $va --type=merge -p '{"metadata":{"finalizers":["external-attacher/attach-by-hand-nslab-dev"]}}'
kubectl patch volumeattachment $va --type=merge -p '{"status":{"attached":true}}'
# expect: attach: Expected a VolumeAttachment for the volume of claim data with status.attached true, but
# expect: attach: --subresource=status
