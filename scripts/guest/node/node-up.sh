#!/bin/sh
# Runs in the guest (as root, over ssh) to make it a Kubernetes node: the node
# disk is mounted at /opt/nslab-node; stdin is a tar of pki/{ca.crt,kubelet.crt,
# kubelet.key}. Starts the node's containerd, imports the offline-built images
# into its k8s.io namespace, lets the host forward the API server to the
# guest's 127.0.0.1:6443 (ssh -R: the guest's network reaches nothing) and
# starts the kubelet, which waits for that forward.
# The units are runtime ones (/run/systemd/system): a reboot forgets the node.
# Usage: node-up.sh NODE_NAME < pki.tar
set -eu
node=/opt/nslab-node
etc=/etc/nslab-node
if systemctl is-active --quiet nslab-kubelet.service; then
  echo "node-up: this guest is already the node of a cluster (node-down.sh first)" >&2
  exit 1
fi
mkdir -p "$etc/cni" /run/nslab-node /var/lib/nslab-node
tar -C "$etc" -xf -
chmod 0600 "$etc/pki/kubelet.key"
cp "$node/etc/10-nslab-pods.conflist" "$etc/cni/"
# The node's address: the guest's own on QEMU's network (there is no default
# route for the kubelet to find it by); the API server reaches it over ssh.
node_ip=$(ip -4 -o addr show | awk '$2 ~ /^(en|eth)/ { sub(/\/.*/, "", $4); print $4; exit }')
[ -n "$node_ip" ] || { echo "node-up: the guest has no address on its network" >&2; exit 1; }
printf 'NODE_NAME=%s\nNODE_IP=%s\n' "$1" "$node_ip" >"$etc/node.env"
cat >"$etc/kubelet.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: nslab
  cluster: { server: "https://127.0.0.1:6443", certificate-authority: $etc/pki/ca.crt }
users:
- name: kubelet
  user: { client-certificate: $etc/pki/kubelet.crt, client-key: $etc/pki/kubelet.key }
contexts:
- name: nslab
  context: { cluster: nslab, user: kubelet }
current-context: nslab
KUBECONFIG
# crictl on the node as on a kind node: on PATH, pointed at the node's containerd.
printf 'runtime-endpoint: unix:///run/nslab-node/containerd.sock\nimage-endpoint: unix:///run/nslab-node/containerd.sock\n' >/etc/crictl.yaml
ln -sf "$node/bin/crictl" /usr/local/bin/crictl
cp "$node"/etc/systemd/* /run/systemd/system/
systemctl daemon-reload
systemctl start nslab-containerd.service
i=0
until "$node/bin/crictl" --runtime-endpoint unix:///run/nslab-node/containerd.sock info >/dev/null 2>&1; do
  i=$((i + 1)); [ "$i" -lt 300 ] || { echo "node-up: the node's containerd did not answer" >&2; journalctl -u nslab-containerd --no-pager | tail -20 >&2; exit 1; }
  sleep 0.2
done
for image in "$node"/images/*.tar; do
  ctr --address /run/nslab-node/containerd.sock --namespace k8s.io images import "$image" >/dev/null
done
cp "$node/etc/sshd-node.conf" /etc/ssh/sshd_config.d/00-nslab-node.conf
systemctl reload ssh.service
systemctl start nslab-kubelet.service
echo "node-up: kubelet started as $1"
