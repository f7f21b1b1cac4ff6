// Which kind node a Kubernetes node is, from its spec.providerID.
import { describe, expect, it } from 'vitest';
import { kindProviderId } from '../../electron/env/kind/kind-nodes';

describe('kindProviderId', () => {
  it('reads the cluster and node kind gives every kubelet', () => {
    // The form of kind v0.33.0's kubeadm template: kind://{{.NodeProvider}}/{{.ClusterName}}/{{.NodeName}}
    expect(kindProviderId('kind://docker/nslab/nslab-control-plane')).toEqual({ cluster: 'nslab', node: 'nslab-control-plane' });
    expect(kindProviderId('kind://podman/lab/lab-worker2')).toEqual({ cluster: 'lab', node: 'lab-worker2' });
  });

  it('says no to anything else: no providerID (kwok), a cloud, a bare kind://', () => {
    expect(kindProviderId('')).toBeUndefined();
    expect(kindProviderId('aws:///eu-west-1a/i-0abc')).toBeUndefined();
    expect(kindProviderId('kind://docker/nslab')).toBeUndefined();
  });
});
