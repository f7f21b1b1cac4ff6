# Wrong attempt: "a claim per pod" tried with a Deployment of 2 replicas and one claim.
# Its pods get random names and share the one claim: no data-web-0, no data-web-1.
# step: claims-from-template
kubectl apply -f - <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data, labels: { app: web } }
spec:
  accessModes: [ReadWriteOnce]
  resources: { requests: { storage: 1Gi } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: busybox:1.36
        command: [sleep, "3600"]
        volumeMounts: [{ name: data, mountPath: /data }]
      volumes: [{ name: data, persistentVolumeClaim: { claimName: data } }]
EOF
kubectl rollout status deploy/web --timeout=120s
# expect: claims-from-template: but no pod named web-0
# expect: claims-from-template: a Deployment's pods have random names
