# Right variant: JSON patches instead of merge patches, the claim and PV
# applied after the pod, and the waits written as kubectl wait.
# step: attach-request
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
kubectl wait --for=jsonpath='{.spec.nodeName}'=nslab-control-plane pod/app --timeout=60s
timeout 60 sh -c "until kubectl get volumeattachment -o name | grep -q .; do sleep 1; done"
va=$(kubectl get volumeattachment -o custom-columns=NAME:.metadata.name,PV:.spec.source.persistentVolumeName --no-headers | awk -v pv="${NSLAB_PREFIX}data-pv" '$2 == pv { print $1 }')
# step: attach
kubectl patch volumeattachment $va --type=json -p '[{"op":"add","path":"/metadata/finalizers","value":["external-attacher/attach-by-hand-nslab-dev"]}]'
kubectl patch volumeattachment $va --subresource=status --type=json -p '[{"op":"replace","path":"/status/attached","value":true}]'
kubectl wait --for=jsonpath='{.status.attached}'=true volumeattachment/$va --timeout=60s
timeout 60 sh -c "until kubectl get node -o jsonpath='{.items[*].status.volumesAttached[*].name}' | grep -q '\^${NSLAB_PREFIX}vol-1'; do sleep 1; done"
# step: detach-request
kubectl delete pod app --wait=true
timeout 60 sh -c "until kubectl get volumeattachment $va -o jsonpath='{.metadata.deletionTimestamp}' | grep -q .; do sleep 1; done"
# step: detach
kubectl patch volumeattachment $va --type=json -p '[{"op":"remove","path":"/metadata/finalizers/0"}]'
kubectl wait --for=delete volumeattachment/$va --timeout=60s
