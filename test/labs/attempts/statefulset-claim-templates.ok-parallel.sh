# Right variant: pods started in parallel, scaled with a patch, the policy set with a JSON patch.
# step: claims-from-template
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  clusterIP: None
  selector: { app: web }
  ports: [{ port: 80 }]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: web }
spec:
  serviceName: web
  podManagementPolicy: Parallel
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: main
        image: busybox:1.36
        command: [sh, -c, "[ -f /data/born ] || echo \$RANDOM-\$(date +%s) > /data/born; exec sleep 3600"]
        volumeMounts: [{ name: data, mountPath: /data }]
  volumeClaimTemplates:
  - metadata: { name: data }
    spec:
      accessModes: [ReadWriteOnce]
      resources: { requests: { storage: 1Gi } }
EOF
kubectl rollout status sts/web --timeout=120s
kubectl wait --for=jsonpath='{.status.phase}'=Bound pvc/data-web-0 pvc/data-web-1 --timeout=120s
kubectl get pods,pvc -l app=web
kubectl get pvc data-web-0 data-web-1 -o jsonpath='{.items[*].metadata.uid}' > $NSLAB_WORK/claims; cat $NSLAB_WORK/claims; echo
kubectl exec web-1 -- cat /data/born > $NSLAB_WORK/born; cat $NSLAB_WORK/born
# step: scale-down
kubectl patch statefulset web -p '{"spec":{"replicas":1}}'
kubectl wait --for=delete pod/web-1 --timeout=60s
kubectl get pods,pvc -l app=web
# step: scale-up
kubectl scale sts web --replicas=2
kubectl rollout status sts/web --timeout=120s
kubectl get pvc data-web-0 data-web-1 -o jsonpath='{.items[*].metadata.uid}'; echo; cat $NSLAB_WORK/claims; echo
# step: when-scaled
kubectl patch sts web --type json -p '[{"op":"add","path":"/spec/persistentVolumeClaimRetentionPolicy/whenScaled","value":"Delete"}]'
kubectl scale sts web --replicas=1
kubectl wait --for=delete pvc/data-web-1 --timeout=60s
kubectl get pods,pvc -l app=web
# step: owned
kubectl patch sts web --type merge -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete"}}}'
kubectl wait --for=jsonpath='{.metadata.ownerReferences[0].kind}'=StatefulSet pvc/data-web-0 --timeout=30s
kubectl get pvc data-web-0 -o jsonpath='{.metadata.ownerReferences}'; echo
# step: when-deleted
kubectl delete sts web
kubectl wait --for=delete pvc/data-web-0 --timeout=60s
kubectl get sts,pods,pvc -l app=web
