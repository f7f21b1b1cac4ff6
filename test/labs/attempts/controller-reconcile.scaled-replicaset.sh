# Wrong attempt: scales the ReplicaSet instead of the Deployment; the Deployment controller
# owns the ReplicaSet and sets it back to 3.
# step: deploy
kubectl create deployment web --image=busybox:1.36 --replicas=3 -- sleep 3600
sleep 1; kubectl wait --for=condition=Ready pod -l app=web --timeout=300s
kubectl get deployment,replicaset,pods -l app=web
# step: delete-pod
kubectl get pods -l app=web -o name | head -1 > $NSLAB_WORK/deleted
kubectl delete $(cat $NSLAB_WORK/deleted) --wait=true
kubectl get pods -l app=web
# step: scale
kubectl scale rs -l app=web --replicas=5
sleep 1; kubectl wait --for=condition=Ready pod -l app=web --timeout=300s
# expect: scale: Expected 5 pod(s) labelled app=web in phase Running owned by a ReplicaSet
# expect: scale: Scale the Deployment, not the ReplicaSet
