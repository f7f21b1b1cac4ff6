# Wrong attempt: no controller at all. Every object the loop would make is
# typed by hand (ConfigMaps with their ownerReferences, the finalizers, the
# farewell, the finalizer removed): the end states match, nothing converges.
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
G=greetings.${NSLAB_LEARNER}.nslab.dev
kubectl apply -f - <<EOF
apiVersion: ${NSLAB_LEARNER}.nslab.dev/v1
kind: Greeting
metadata: { name: bye }
spec: { message: "see you" }
EOF
byhand() {  # $1: the Greeting's name, $2: its message
  kubectl patch "$G" "$1" --type merge -p "{\"metadata\":{\"finalizers\":[\"${NSLAB_LEARNER}.nslab.dev/farewell\"]}}"
  kubectl apply -f - <<EOF
apiVersion: v1
kind: ConfigMap
metadata:
  name: greeting-$1
  ownerReferences:
  - { apiVersion: ${NSLAB_LEARNER}.nslab.dev/v1, kind: Greeting, name: "$1", uid: "$(kubectl get "$G" "$1" -o jsonpath='{.metadata.uid}')", controller: true, blockOwnerDeletion: true }
data: { message: "$2" }
EOF
}
byhand hello "hello, world"
byhand bye "see you"
# step: update
kubectl patch "$G" hello --type merge -p '{"spec":{"message":"hello again"}}'
byhand hello "hello again"
# step: restart
kubectl patch "$G" hello --type merge -p '{"spec":{"message":"hello after a restart"}}'
kubectl delete configmap greeting-bye
byhand hello "hello after a restart"
byhand bye "see you"
# step: delete
kubectl delete "$G" hello --wait=false
kubectl create configmap farewells --from-literal=hello="hello after a restart"
kubectl patch "$G" hello --type merge -p '{"metadata":{"finalizers":null}}'
kubectl wait --for=delete "$G/hello" --timeout=30s
kubectl wait --for=delete configmap/greeting-hello --timeout=60s
# expect: restart: ConfigMaps, finalizers and farewells typed by hand pass the other checks but not this one
