# Wrong attempt: kubectl delete without --cascade: background deletion (kubectl's
# default, whatever seed 001 says). The Deployment goes at once; only the held pod stays.
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
# step: foreground
POD=$(kubectl get pods -l app=web -o jsonpath='{.items[0].metadata.name}'); echo $POD
kubectl patch pod $POD --type merge -p '{"metadata":{"finalizers":["nslab.dev/hold"]}}'
kubectl delete deployment web --wait=false
sleep 3; kubectl get deploy,rs,pods -o 'custom-columns=KIND:.kind,NAME:.metadata.name,DELETING:.metadata.deletionTimestamp,FINALIZERS:.metadata.finalizers,BLOCKS:.metadata.ownerReferences[*].blockOwnerDeletion'
# expect: foreground: but there is no deployments web
# expect: foreground: plain `kubectl delete` is background
