# Wrong attempt: the two changes are made one after the other without pausing: two
# rollouts, two new ReplicaSets, and revision 5 instead of 4.
# step: deploy
kubectl apply -f - <<EOF
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  strategy:
    type: RollingUpdate
    rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }
  template:
    metadata: { labels: { app: web } }
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: busybox:1.36
        command: [sleep, "3600"]
        env: [{ name: VERSION, value: "1" }]
EOF
kubectl rollout status deploy/web --timeout=60s
kubectl get rs -l app=web -L pod-template-hash
# step: rollout
kubectl set env deploy/web VERSION=2
kubectl rollout status deploy/web --timeout=60s
kubectl get rs -l app=web -o 'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,REVISION:.metadata.annotations.deployment\.kubernetes\.io/revision,GENERATION:.metadata.generation'
# step: undo
kubectl rollout history deploy/web
kubectl rollout undo deploy/web
kubectl rollout status deploy/web --timeout=60s
kubectl get rs -l app=web -o 'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,REVISION:.metadata.annotations.deployment\.kubernetes\.io/revision,HISTORY:.metadata.annotations.deployment\.kubernetes\.io/revision-history'
# step: pause
kubectl set env deploy/web MODE=blue
kubectl rollout status deploy/web --timeout=60s
kubectl set resources deploy/web -c main --requests=cpu=10m
kubectl get rs -l app=web
kubectl rollout status deploy/web --timeout=60s
# expect: pause: Pause first
# expect: pause: exactly 3 of replicasets labelled app=web
