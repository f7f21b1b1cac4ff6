# Wrong attempt: five pods reached by starting two more by hand with the same label. They
# run, but no controller owns them: the desired state is still 3, and nothing would
# replace them.
# step: deploy
kubectl create deployment web --image=busybox:1.36 --replicas=3 -- sleep 3600
sleep 1; kubectl wait --for=condition=Ready pod -l app=web --timeout=40s
kubectl get deployment,replicaset,pods -l app=web
# step: delete-pod
kubectl get pods -l app=web -o name | head -1 > $NSLAB_WORK/deleted
kubectl delete $(cat $NSLAB_WORK/deleted) --wait=true
kubectl get pods -l app=web
# step: scale
kubectl run web-4 --image=busybox:1.36 --labels=app=web -- sleep 3600
kubectl run web-5 --image=busybox:1.36 --labels=app=web -- sleep 3600
sleep 1; kubectl wait --for=condition=Ready pod -l app=web --timeout=40s
kubectl get pods -l app=web
# expect: scale: Expected 5 pod(s) labelled app=web in phase Running owned by a ReplicaSet, but 3:
# expect: scale: pods made by hand belong to no controller
