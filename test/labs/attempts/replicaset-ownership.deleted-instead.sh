# Wrong attempt: "release" read as delete: stray-2 is deleted instead of relabelled, so the
# ReplicaSet replaces it and nothing is released.
# step: strays
kubectl run stray-1 --image=busybox:1.36 --labels=app=web -- sleep 3600
kubectl run stray-2 --image=busybox:1.36 --labels=app=web -- sleep 3600
kubectl wait --for=condition=Ready pod/stray-1 pod/stray-2 --timeout=300s
kubectl get pods -l app=web -o custom-columns=NAME:.metadata.name,OWNER:.metadata.ownerReferences[0].name
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
kubectl get pods -l app=web -o custom-columns=NAME:.metadata.name,OWNER:.metadata.ownerReferences[0].name
# step: replace
kubectl delete pod stray-1 --now
for i in $(seq 300); do [ "$(kubectl get pods -l app=web --field-selector=status.phase=Running -o name | wc -l)" -eq 3 ] && break; sleep 1; done
kubectl wait --for=jsonpath='{.status.readyReplicas}'=3 rs/web --timeout=300s
kubectl get pods -l app=web
# step: release
kubectl delete pod stray-2 --now
for i in $(seq 300); do [ "$(kubectl get pods -l app=web --field-selector=status.phase=Running -o name | wc -l)" -eq 3 ] && break; sleep 1; done
kubectl wait --for=jsonpath='{.status.readyReplicas}'=3 rs/web --timeout=300s
kubectl get pods -o custom-columns=NAME:.metadata.name,APP:.metadata.labels.app,OWNER:.metadata.ownerReferences[0].name
# step: orphan
kubectl get pods -l app=web -o jsonpath='{.items[*].metadata.uid}' > $NSLAB_WORK/uids
kubectl delete rs web --cascade=orphan
kubectl get pods -l app=web -o custom-columns=NAME:.metadata.name,OWNER:.metadata.ownerReferences[0].name
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
kubectl get pods -l app=web -o jsonpath='{.items[*].metadata.uid}'; echo; cat $NSLAB_WORK/uids
# step: cascade
kubectl delete rs web
kubectl wait --for=delete pod -l app=web --timeout=300s
kubectl get pods -L app
# expect: release: but no pod named stray-2
# expect: release: do not delete the pod
