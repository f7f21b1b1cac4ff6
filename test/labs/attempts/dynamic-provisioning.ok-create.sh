# Right variant: every object made with kubectl create instead of kubectl apply.
# step: claim
kubectl get storageclass
kubectl create -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 100Mi } }
EOF
kubectl get pvc data -o jsonpath='{.spec.storageClassName}{"\n"}'
# step: consume
kubectl create -f - <<EOF
apiVersion: v1
kind: Pod
metadata: { name: writer }
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: writer
    image: busybox:1.36
    command: [sh, -c, 'echo hello > /data/msg; sleep 3600']
    volumeMounts: [{ name: data, mountPath: /data }]
  volumes:
  - name: data
    persistentVolumeClaim: { claimName: data }
EOF
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/data --timeout=300s
# writer must have written before the node is read: a minute on a real node.
kubectl wait --for=condition=Ready pod/writer --timeout=300s
kubectl get pvc data; kubectl get pv "$(kubectl get pvc data -o jsonpath='{.spec.volumeName}')"
kubectl get events --field-selector involvedObject.name=data
# step: on-the-node
pv=$(kubectl get pvc data -o jsonpath='{.spec.volumeName}'); echo $pv
dir=$(kubectl get pv $pv -o jsonpath='{.spec.hostPath.path}'); echo $dir
node=$(kubectl get pod writer -o jsonpath='{.spec.nodeName}'); echo $node
docker exec $node ls /var/local-path-provisioner
docker exec $node cat $dir/msg
kubectl exec writer -- grep ' /data ' /proc/self/mountinfo
