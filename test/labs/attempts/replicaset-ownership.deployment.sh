# Wrong attempt: a Deployment instead of a ReplicaSet. Its ReplicaSet selects
# on pod-template-hash as well, so it never adopts the strays and makes three
# pods of its own.
# step: strays
kubectl run stray-1 --image=busybox:1.36 --labels=app=web -- sleep 3600
kubectl run stray-2 --image=busybox:1.36 --labels=app=web -- sleep 3600
# step: adopt
kubectl create deployment web --image=busybox:1.36 --replicas=3 -- sleep 3600
kubectl wait --for=jsonpath='{.status.readyReplicas}'=3 deployment/web --timeout=300s
# expect: adopt: Expected 1 pod(s) named stray-1 owned by a ReplicaSet, but none that fits; there are 1 named stray-1: stray-1 (Running, no owner)
# expect: adopt: A Deployment's ReplicaSet also selects on pod-template-hash
