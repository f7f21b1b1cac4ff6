# Wrong attempt: the loop lists the Greetings once and ends: hello is reconciled, but
# bye, made afterwards, is never heard of.
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
  if [ -n "$deleting" ]; then
    # The last word, then let go: ours is the only finalizer.
    kubectl create configmap farewells --dry-run=client -o yaml | kubectl apply -f - >/dev/null
    kubectl patch configmap farewells --type merge -p "{\"data\":{\"$1\":\"$message\"}}" >/dev/null
    kubectl patch "$G" "$1" --type merge -p '{"metadata":{"finalizers":null}}' >/dev/null
    echo "$1: said farewell"; return 0
  fi
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
kubectl get "$G" -o name | while read -r key; do reconcile "${key#*/}"; done
SCRIPT
sh $NSLAB_WORK/controller.sh > $NSLAB_WORK/controller.log 2>&1 & echo $! > $NSLAB_WORK/controller.pid
sleep 5
kubectl apply -f - <<EOF
apiVersion: ${NSLAB_LEARNER}.nslab.dev/v1
kind: Greeting
metadata: { name: bye }
spec: { message: "see you" }
EOF
sleep 5; cat $NSLAB_WORK/controller.log
# expect: controller: A controller that only lists once never hears of a Greeting made later
