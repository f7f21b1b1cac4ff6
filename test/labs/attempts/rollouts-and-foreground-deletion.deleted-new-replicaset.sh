# Wrong attempt: "undo" read as removing the new version: the new ReplicaSet is deleted.
# The Deployment's template still says VERSION=2, so it makes that ReplicaSet again.
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
kubectl delete rs -l app=web --field-selector metadata.name!=$(kubectl get rs -l app=web -o jsonpath='{.items[?(@.spec.replicas==0)].metadata.name}')
kubectl rollout status deploy/web --timeout=60s
kubectl get rs -l app=web -o 'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,REVISION:.metadata.annotations.deployment\.kubernetes\.io/revision,HISTORY:.metadata.annotations.deployment\.kubernetes\.io/revision-history'
# expect: undo: Deleting the new ReplicaSet undoes nothing
