# Right variant: the Deployment made from a manifest instead of kubectl create deployment,
# and scaled by patching spec.replicas.
# step: deploy
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, labels: { app: web } }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
      - { name: busybox, image: busybox:1.36, command: [sleep, '3600'] }
EOF
sleep 1; kubectl wait --for=condition=Ready pod -l app=web --timeout=300s
kubectl get deployment,replicaset,pods -l app=web
# step: delete-pod
kubectl get pods -l app=web -o name | head -1 > $NSLAB_WORK/deleted
kubectl delete $(cat $NSLAB_WORK/deleted) --wait=true
kubectl get pods -l app=web
# step: scale
kubectl patch deployment web -p '{"spec":{"replicas":5}}'
sleep 1; kubectl wait --for=condition=Ready pod -l app=web --timeout=300s
