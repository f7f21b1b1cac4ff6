# Right variant: the template changed with a JSON patch, undo to an explicit revision,
# the finalizer added with a JSON patch and removed with a merge patch. It waits as
# long as the solution (300 s): on a real node a rollout of 3 pods takes minutes.
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
kubectl rollout status deploy/web --timeout=300s
kubectl get rs -l app=web -L pod-template-hash
# step: rollout
kubectl patch deploy web --type json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/env/0/value","value":"2"}]'
kubectl rollout status deploy/web --timeout=300s
kubectl get rs -l app=web -o 'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,REVISION:.metadata.annotations.deployment\.kubernetes\.io/revision,GENERATION:.metadata.generation'
# step: undo
kubectl rollout history deploy/web
kubectl rollout undo deploy/web --to-revision=1
kubectl rollout status deploy/web --timeout=300s
kubectl get rs -l app=web -o 'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,REVISION:.metadata.annotations.deployment\.kubernetes\.io/revision,HISTORY:.metadata.annotations.deployment\.kubernetes\.io/revision-history'
# step: pause
kubectl rollout pause deploy/web
kubectl set env deploy/web MODE=blue
kubectl set resources deploy/web -c main --requests=cpu=10m
kubectl get rs -l app=web
kubectl rollout resume deploy/web
kubectl rollout status deploy/web --timeout=300s
# step: recreate
kubectl patch deploy web --type merge -p '{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}'
kubectl set env deploy/web VERSION=3
kubectl rollout status deploy/web --timeout=300s
kubectl get rs -l app=web -o 'custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas,REVISION:.metadata.annotations.deployment\.kubernetes\.io/revision,GENERATION:.metadata.generation'
# step: foreground
POD=$(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}'); echo $POD
kubectl patch pod $POD --type json -p '[{"op":"add","path":"/metadata/finalizers","value":["nslab.dev/hold"]}]'
kubectl delete deployment web --cascade=foreground --wait=false
sleep 3; kubectl get deploy,rs,pods -o 'custom-columns=KIND:.kind,NAME:.metadata.name,DELETING:.metadata.deletionTimestamp,FINALIZERS:.metadata.finalizers,BLOCKS:.metadata.ownerReferences[*].blockOwnerDeletion'
# step: release
kubectl patch $(kubectl get pods -l app=web -o name) --type merge -p '{"metadata":{"finalizers":null}}'
kubectl wait --for=delete deployment/web --timeout=300s
kubectl get deploy,rs,pods -l app=web
