# Right variant: manifests written to files and created with kubectl create,
# and every wait written another way.
# step: provision
cat > /tmp/${NSLAB_PREFIX}claim.yaml <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  storageClassName: nslab-csi
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 100Mi } }
EOF
kubectl create -f /tmp/${NSLAB_PREFIX}claim.yaml
timeout 60 sh -c "until kubectl get pvc data -o jsonpath='{.status.phase}' | grep -qx Bound; do sleep 1; done"
# step: attach
cat > /tmp/${NSLAB_PREFIX}pod.yaml <<EOF
apiVersion: v1
kind: Pod
metadata: { name: app }
spec:
  terminationGracePeriodSeconds: 0
  volumes: [{ name: store, persistentVolumeClaim: { claimName: data } }]
  containers:
  - { name: main, image: busybox:1.36, args: [sleep, infinity], volumeMounts: [{ name: store, mountPath: /store }] }
EOF
kubectl create -f /tmp/${NSLAB_PREFIX}pod.yaml
pv=$(kubectl get pvc data -o jsonpath='{.spec.volumeName}')
timeout 60 sh -c "until kubectl get node -o jsonpath='{.items[*].status.volumesAttached[*].name}' | grep -q \"\\^$pv\"; do sleep 1; done"
timeout 300 sh -c "until kubectl get pod app -o jsonpath='{.status.phase}' | grep -qx Running; do sleep 2; done"
# step: teardown
kubectl delete -f /tmp/${NSLAB_PREFIX}pod.yaml --wait=true
timeout 300 sh -c "while kubectl get volumeattachment -o jsonpath='{.items[*].spec.source.persistentVolumeName}' | grep -q $pv; do sleep 1; done"
# step: delete
kubectl delete -f /tmp/${NSLAB_PREFIX}claim.yaml --wait=true
timeout 300 sh -c "while kubectl get pv $pv >/dev/null 2>&1; do sleep 1; done"
rm -f /tmp/${NSLAB_PREFIX}claim.yaml /tmp/${NSLAB_PREFIX}pod.yaml
