# Wrong attempt: writer mounts the claim at /data but writes hello into /msg,
# its own container's file system: the claim binds and writer runs, yet the
# node's directory for the volume holds no msg.
# needs: kubelet (only a real node has the directory; kwok runs nothing)
# step: claim
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 100Mi } }
EOF
# step: consume
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata: { name: writer }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: writer
    image: busybox:1.36
    command: [sh, -c, 'echo hello > /msg; sleep 3600']
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - name: data
    persistentVolumeClaim: { claimName: data }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/data --timeout=300s
kubectl wait --for=condition=Ready pod/writer --timeout=300s
# step: on-the-node
kubectl exec writer -- grep ' /data ' /proc/self/mountinfo
# expect: on-the-node: _data/msg on node
# expect: on-the-node: but there is no such path on node
