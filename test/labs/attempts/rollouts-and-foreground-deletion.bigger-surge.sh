# Wrong attempt: the surge is raised to 3 "to be quicker" before the change: the new
# ReplicaSet is made at full size, and the rollout never moves one pod at a time.
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
kubectl patch deploy web -p '{"spec":{"strategy":{"rollingUpdate":{"maxSurge":3}}}}'
kubectl set env deploy/web VERSION=2
kubectl rollout status deploy/web --timeout=60s
kubectl get rs -l app=web -o 'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,REVISION:.metadata.annotations.deployment\.kubernetes\.io/revision,GENERATION:.metadata.generation'
# expect: rollout: {.metadata.generation} is 1
# expect: rollout: was maxSurge larger?
