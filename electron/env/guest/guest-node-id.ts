// Pure: the providerID the nslab guest's kubelet gives its node
// (scripts/guest/node/systemd/nslab-kubelet.service: --provider-id), which tells
// nslab that the node is the guest itself, reached over its ssh, as kind's
// providerID tells it a node is a container on the engine.
export const GUEST_PROVIDER_PREFIX = 'nslab-guest://';

/** The node's name when the providerID says the nslab guest runs it. */
export function guestProviderId(providerId: string): { node: string } | undefined {
  const m = /^nslab-guest:\/\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(providerId.trim());
  return m ? { node: m[1]! } : undefined;
}
