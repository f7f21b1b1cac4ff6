# Wrong attempt: the controller adds its finalizer but never looks at deletionTimestamp,
# so it never removes it: the Greeting stays, deleting, for ever.
# step: crd
kubectl apply -f - <<EOF
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: greetings.${NSLAB_LEARNER}.nslab.dev }
spec:
  group: ${NSLAB_LEARNER}.nslab.dev
  scope: Namespaced
  names: { kind: Greeting, plural: greetings, singular: greeting }
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [message]
            properties: { message: { type: string } }
EOF
kubectl wait --for=condition=Established crd/greetings.${NSLAB_LEARNER}.nslab.dev --timeout=30s
kubectl apply -f - <<EOF
apiVersion: ${NSLAB_LEARNER}.nslab.dev/v1
kind: Greeting
metadata: { name: hello }
spec: { message: "hello, world" }
EOF
kubectl get greetings.${NSLAB_LEARNER}.nslab.dev
# step: controller
cat > $NSLAB_WORK/controller.sh <<'SCRIPT'
# A controller for Greetings: list, then watch; one key at a time; converge.
G=greetings.$NSLAB_LEARNER.nslab.dev
FINALIZER=$NSLAB_LEARNER.nslab.dev/farewell

reconcile() {  # $1: the key (the name: every Greeting is in our namespace)
  fields=$(kubectl get "$G" "$1" -o jsonpath='{.metadata.uid}{"\t"}{.metadata.deletionTimestamp}{"\t"}{.spec.message}' 2>/dev/null) || {
    echo "$1: gone; the garbage collector takes what it owned"; return 0; }
  uid=$(printf '%s' "$fields" | cut -f1)
  deleting=$(printf '%s' "$fields" | cut -f2)
  message=$(printf '%s' "$fields" | cut -f3-)
  kubectl patch "$G" "$1" --type merge -p "{\"metadata\":{\"finalizers\":[\"$FINALIZER\"]}}" >/dev/null
  kubectl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: ConfigMap
metadata:
  name: greeting-$1
  ownerReferences:
  - { apiVersion: $NSLAB_LEARNER.nslab.dev/v1, kind: Greeting, name: "$1", uid: "$uid", controller: true, blockOwnerDeletion: true }
data: { message: "$message" }
YAML
  echo "$1: applied greeting-$1 ($message)"
}

# List, then watch: each line is a key. The object is read again at reconcile
# time, so a key that waited sees the newest state, never a stale event.
kubectl get "$G" -o name --watch | while read -r key; do reconcile "${key#*/}"; done
SCRIPT
sh $NSLAB_WORK/controller.sh > $NSLAB_WORK/controller.log 2>&1 & echo $! > $NSLAB_WORK/controller.pid
kubectl wait --for=create configmap/greeting-hello --timeout=30s
kubectl apply -f - <<EOF
apiVersion: ${NSLAB_LEARNER}.nslab.dev/v1
kind: Greeting
metadata: { name: bye }
spec: { message: "see you" }
EOF
kubectl wait --for=create configmap/greeting-bye --timeout=30s; cat $NSLAB_WORK/controller.log
# step: update
kubectl patch greetings.${NSLAB_LEARNER}.nslab.dev hello --type merge -p '{"spec":{"message":"hello again"}}'
kubectl wait --for=jsonpath='{.data.message}'='hello again' configmap/greeting-hello --timeout=30s; tail -3 $NSLAB_WORK/controller.log
# step: restart
kill -- -$(cat $NSLAB_WORK/controller.pid)
kubectl patch greetings.${NSLAB_LEARNER}.nslab.dev hello --type merge -p '{"spec":{"message":"hello after a restart"}}'
kubectl delete configmap greeting-bye
sleep 2; kubectl get configmap greeting-hello -o jsonpath='{.data.message}{"\n"}'
sh $NSLAB_WORK/controller.sh > $NSLAB_WORK/controller.log 2>&1 & echo $! > $NSLAB_WORK/controller.pid
kubectl wait --for=create configmap/greeting-bye --timeout=30s
kubectl wait --for=jsonpath='{.data.message}'='hello after a restart' configmap/greeting-hello --timeout=30s
# step: delete
kubectl delete greetings.${NSLAB_LEARNER}.nslab.dev hello --wait=false
sleep 5
sleep 2
kubectl get configmap farewells -o jsonpath='{.data}{"\n"}'; tail -3 $NSLAB_WORK/controller.log
kill -- -$(cat $NSLAB_WORK/controller.pid)
# expect: delete: The controller must see the deletionTimestamp
# expect: delete: writes the Greeting's last message to the ConfigMap farewells
