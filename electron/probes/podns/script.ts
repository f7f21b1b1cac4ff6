// The read half of the pod namespace probe: one sh script run inside a kind
// node container, where crictl talks to the node's containerd. It prints, for
// the pod named by NSLAB_POD_NAMESPACE / NSLAB_POD_NAME:
//   == sandbox <pod sandbox id> <pid>        the pause process holding the pod's shared namespaces
//   == containers, then `crictl ps --pod <id> -o json` as crictl prints it
//   == container <container id> <pid>        once per running container
// each process header followed by "ns <type> <link>" per /proc/<pid>/ns entry.
// The pid is what `crictl inspect` reports as info.pid: the container's first
// process, in the node's PID namespace, which is where this script runs.
// crictl filters pods by regular expression, hence the anchors. No ready pod:
// no output, exit 0; crictl itself failing: no output, its exit code.
export const POD_NAMESPACE_PROBE_SCRIPT = String.raw`
pods=$(crictl pods --namespace "^$NSLAB_POD_NAMESPACE\$" --name "^$NSLAB_POD_NAME\$" --state ready -q) || exit
set -- $pods
pod=$1
[ -n "$pod" ] || exit 0
links() {
  for link in /proc/$1/ns/*; do
    target=$(readlink "$link" 2>/dev/null) && echo "ns ${'$'}{link##*/} $target"
  done
}
pid=$(crictl inspectp -o go-template --template '{{.info.pid}}' "$pod")
echo "== sandbox $pod $pid"
links "$pid"
echo "== containers"
crictl ps --pod "$pod" -o json
for id in $(crictl ps --pod "$pod" -q); do
  pid=$(crictl inspect -o go-template --template '{{.info.pid}}' "$id") || continue
  echo "== container $id $pid"
  links "$pid"
done
`;
