#!/bin/sh
# Runs in the guest to leave the cluster: the kubelet stops, every pod's
# sandbox and containers go, the node's containerd stops and the host may no
# longer forward the API server in. The guest can then join another cluster (node-up.sh); what local-path
# volumes left in /var/local-path-provisioner stays, as on a real node.
set -u
systemctl stop nslab-kubelet.service 2>/dev/null
if systemctl is-active --quiet nslab-containerd.service; then
  crictl stopp $(crictl pods -q) >/dev/null 2>&1
  crictl rmp -a -f >/dev/null 2>&1
fi
systemctl stop nslab-containerd.service 2>/dev/null
rm -f /etc/ssh/sshd_config.d/00-nslab-node.conf
systemctl reload ssh.service
echo "node-down: left the cluster"
