# Wrong attempt: the ReplicaSet is deleted without --cascade=orphan, so the
# garbage collector deletes its pods, and the new ReplicaSet has to make new ones.
# step: strays
kubectl run stray-1 --image=busybox:1.36 --labels=app=web -- sleep 3600
kubectl run stray-2 --image=busybox:1.36 --labels=app=web -- sleep 3600
# step: adopt
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: web }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - { name: main, image: busybox:1.36, command: [sleep, "3600"] }
EOF
kubectl wait --for=jsonpath='{.status.readyReplicas}'=3 rs/web --timeout=300s
# step: orphan
kubectl get pods -l app=web -o jsonpath='{.items[*].metadata.uid}' > $NSLAB_WORK/uids
kubectl delete rs web
kubectl wait --for=delete pod -l app=web --timeout=300s
# step: readopt
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: ReplicaSet
metadata: { name: web }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - { name: main, image: busybox:1.36, command: [sleep, "3600"] }
EOF
kubectl wait --for=jsonpath='{.status.readyReplicas}'=3 rs/web --timeout=300s
# expect: orphan: Expected 3 pod(s) labelled app=web in phase Running owned by no controller, but no pod labelled app=web
# expect: orphan: ask for `--cascade=orphan`
# expect: readopt: if they were deleted, it made new pods with new UIDs
