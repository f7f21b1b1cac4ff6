// The trust review of a pack (nslab lint, the CLI's refusal, the app's dialog all
// print formatLabTrust): a lab whose node checks read as root on a node names
// every path and mount point they read, not only how many checks there are.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLabYaml } from '../../electron/labs/parse';
import { labTrust } from '../../electron/labs/trust';
import { formatLabTrust } from '../../electron/shared/lab-trust';

function trustOf(lab: string) {
  const parsed = parseLabYaml(readFileSync(new URL(`../../labs/${lab}/lab.yaml`, import.meta.url), 'utf8'), 'lab.yaml');
  if (!parsed.ok) throw new Error(`labs/${lab} does not parse`);
  return formatLabTrust(labTrust(parsed.lab));
}

describe('the trust review of node checks', () => {
  it('lists each node.path path and node.mounts target under the check that reads it as root', () => {
    const lines = trustOf('reclaim-retain-vs-delete');
    const asks = lines.findIndex((l) => l.startsWith('    asks: 2 node checks: nslab reads these paths and mount points on the node, as root'));
    expect(asks).toBeGreaterThan(0);
    expect(lines.slice(asks + 1)).toEqual([
      '          reads ${VOLUME_PATH}/msg (step delete-claims)',
      '          reads /var/local-path-provisioner/*_${NSLAB_NAMESPACE}_toss (step delete-claims)',
    ]);
    expect(trustOf('csi-attach-and-mount')).toContain('          mount at /var/lib/kubelet/plugins/kubernetes.io/csi/csi.nslab.dev/*/globalmount (step on-the-node)');
  });

  it('lists nothing for a lab that reads no node', () => {
    expect(trustOf('static-pv-binding').filter((l) => l.startsWith('          '))).toEqual([]);
    expect(trustOf('uts-namespace').some((l) => l.includes('asks:'))).toBe(false);
  });
});
