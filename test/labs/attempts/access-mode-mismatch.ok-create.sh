# Right variant: every object made with kubectl create instead of kubectl apply.
# step: provisioner-says-no
kubectl create -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: shared }
spec:
  accessModes: [ReadWriteMany]
  storageClassName: standard
  resources: { requests: { storage: 100Mi } }
---
apiVersion: v1
kind: Pod
metadata: { name: app }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox:1.36
    command: [sleep, "3600"]
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - { name: data, persistentVolumeClaim: { claimName: shared } }
EOF
for i in $(seq 30); do kubectl get events --field-selector involvedObject.name=shared,reason=ProvisioningFailed -o name | grep -q . && break; sleep 1; done
kubectl describe pvc shared | tail -4
# step: binder-says-little
kubectl create -f - <<EOF
apiVersion: v1
kind: PersistentVolume
metadata: { name: ${NSLAB_PREFIX}pv-rwo }
spec:
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}manual
  persistentVolumeReclaimPolicy: Retain
  hostPath: { path: /data/${NSLAB_PREFIX}pv-rwo }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: wide }
spec:
  accessModes: [ReadWriteMany]
  storageClassName: ${NSLAB_PREFIX}manual
  resources: { requests: { storage: 1Gi } }
EOF
for i in $(seq 30); do kubectl get events --field-selector involvedObject.name=wide,reason=ProvisioningFailed -o name | grep -q . && break; sleep 1; done
kubectl describe pvc wide | tail -3
kubectl get pv ${NSLAB_PREFIX}pv-rwo
# step: fix
kubectl delete pod app
kubectl delete pvc shared wide
kubectl create -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: shared }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: standard
  resources: { requests: { storage: 100Mi } }
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: wide }
spec:
  accessModes: [ReadWriteOnce]
  storageClassName: ${NSLAB_PREFIX}manual
  resources: { requests: { storage: 1Gi } }
---
apiVersion: v1
kind: Pod
metadata: { name: app }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: main
    image: busybox:1.36
    command: [sleep, "3600"]
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - { name: data, persistentVolumeClaim: { claimName: shared } }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/shared pvc/wide --timeout=300s
timeout 300 sh -c "until kubectl get pod app -o jsonpath='{.status.phase}' | grep -qx Running; do sleep 2; done"
