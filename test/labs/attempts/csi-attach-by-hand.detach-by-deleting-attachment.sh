# Wrong attempt (a misconception): "detach" by deleting the VolumeAttachment
# while the pod still runs. The pod stays, and the attach/detach controller's
# own record (the node's status.volumesAttached) still says attached.
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
kubectl patch volumeattachment $va --subresource=status --type=merge -p '{"status":{"attached":true}}'
timeout 60 sh -c "until kubectl get node -o jsonpath='{.items[*].status.volumesAttached[*].name}' | grep -q '\^${NSLAB_PREFIX}vol-1'; do sleep 1; done"
# step: detach-request
kubectl delete volumeattachment $va --wait=false
# step: detach
kubectl patch volumeattachment $va --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'
kubectl wait --for=delete volumeattachment/$va --timeout=60s
# expect: detach-request: Expected 0 pod(s) named app
# expect: detach-request: deleting the VolumeAttachment while app runs detaches nothing the controller
# expect: detach-request: the volume no longer listed in the node's status.volumesAttached, but
