#!/bin/sh
# Runs in the guest to leave the cluster: the kubelet stops, every pod's
# sandbox and containers go, the node's containerd stops and the host may no
# longer forward the API server in. The guest can then join another cluster (node-up.sh); what local-path
# volumes left in /var/local-path-provisioner stays, as on a real node.
set -u
systemctl stop nslab-kubelet.service 2>/dev/null
# crictl gives up on the node's containerd after 2 s unless told otherwise: under
# emulation, with pods still stopping, its calls take longer, and stopp/rmp
# failed silently; the next join's kubelet then found the last class's pods
# still running and spent minutes killing them while it started the new ones.
c() { crictl --timeout 120s "$@"; }
if systemctl is-active --quiet nslab-containerd.service; then
  pods=$(c pods -q) || echo "node-down: the node's containerd did not list its pods" >&2
  [ -z "$pods" ] || c stopp $pods >/dev/null || echo "node-down: some pods did not stop" >&2
  c rmp -a -f >/dev/null || echo "node-down: some pods were not removed" >&2
fi
systemctl stop nslab-containerd.service 2>/dev/null
rm -f /etc/ssh/sshd_config.d/00-nslab-node.conf
systemctl reload ssh.service
echo "node-down: left the cluster"
