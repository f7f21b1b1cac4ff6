# Wrong attempt (a misconception): "take the volume off the node" by deleting
# the VolumeAttachment. The real external-attacher does detach
# (ControllerUnpublishVolume) while the pod still runs and still uses it.
# step: provision
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: nslab-csi
  resources: { requests: { storage: 64Mi } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/data --timeout=60s
# step: attach
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
timeout 60 sh -c "until kubectl get volumeattachment -o jsonpath='{.items[*].status.attached}' | grep -q true; do sleep 1; done"
kubectl wait --for=condition=Ready pod/app --timeout=300s
# step: teardown
pv=$(kubectl get pvc data -o jsonpath='{.spec.volumeName}'); va=$(kubectl get volumeattachment -o jsonpath="{range .items[?(@.spec.source.persistentVolumeName=='$pv')]}{.metadata.name}{end}")
kubectl delete volumeattachment $va
# expect: teardown: Expected 0 pod(s) named app, but 1: app
# expect: teardown: deleting the VolumeAttachment detaches a volume that a running pod still uses
