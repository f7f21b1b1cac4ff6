// The setup lock's pure parts: the lease it writes (a replace carries the
// version read, so the API server refuses it when anyone changed the lease) and
// who holds a lease as `kubectl get lease -o json` prints it.
import { describe, expect, it } from 'vitest';
import { HOLD_MS, leaseManifest, parseLease, SETUP_LEASE } from '../../electron/env/kube/learner-setup-lock';

describe("nslab's learner setup lock", () => {
  it('writes a lease in kube-system held for HOLD_MS, with the version read when it takes one over', () => {
    expect(JSON.parse(leaseManifest('ana on h (pid 1)'))).toEqual({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { namespace: 'kube-system', name: SETUP_LEASE.name },
      spec: { holderIdentity: 'ana on h (pid 1)', leaseDurationSeconds: HOLD_MS / 1000 },
    });
    expect(JSON.parse(leaseManifest('', '812')).metadata).toEqual({ namespace: 'kube-system', name: SETUP_LEASE.name, resourceVersion: '812' });
  });

  it('reads who holds a lease, "" when it was let go or never said', () => {
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: SETUP_LEASE.name, namespace: 'kube-system', resourceVersion: '4711' } };
    expect(parseLease({ ...lease, spec: { holderIdentity: 'bob on h (pid 2)', leaseDurationSeconds: 60 } })).toEqual({ holder: 'bob on h (pid 2)', resourceVersion: '4711' });
    expect(parseLease({ ...lease, spec: { holderIdentity: '' } })).toEqual({ holder: '', resourceVersion: '4711' });
    expect(parseLease({ ...lease, spec: {} })).toEqual({ holder: '', resourceVersion: '4711' });
    expect(() => parseLease({ metadata: {} })).toThrow();
  });
});
