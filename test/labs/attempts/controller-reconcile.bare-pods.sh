# Wrong attempt: three bare pods instead of a Deployment; nothing replaces a deleted one.
for i in 1 2 3; do kubectl run web-$i --image=busybox:1.36 --labels=app=web -- sleep 3600; done
kubectl get pods -l app=web -o name | head -1 > $NSLAB_WORK/deleted
kubectl delete $(cat $NSLAB_WORK/deleted) --wait=true
# expect: deploy: Create them through a Deployment
# expect: delete-pod: A bare pod is not replaced by anyone
