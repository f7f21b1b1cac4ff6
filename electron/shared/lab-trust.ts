// What a lab runs and where, as data and as the lines people read: shared by
// `nslab lint`, the CLI's refusal of a pack not trusted yet, and the app's
// dialog that asks before opening one (labs/trust.ts works it out from a lab).

export interface LabTrust {
  labId: string;
  /** box: a lab box on the local Docker engine; tools: a Kubernetes lab's tools box there (no lab runs on this machine outside a box) */
  runsOn: 'box' | 'tools';
  /** what runs inside the lab box (nothing of it reaches the host unless the box is escaped) */
  inBox: string[];
  /** powers beyond a confined box that the lab asks for */
  privileges: string[];
  /** what its node.* checks read on a node as root: each path or mount target, as the lab writes it */
  nodeReads: NodeRead[];
}

export interface NodeRead {
  step: string;
  check: 'node.path' | 'node.mounts';
  path: string;
}

/** The lines `nslab lint` prints for a lab. */
export function formatLabTrust(trust: LabTrust): string[] {
  const where = { box: 'in a confined lab box', tools: 'in a Kubernetes tools box' }[trust.runsOn];
  return [
    `${trust.labId}: ${trust.privileges.some((p) => p.startsWith('--privileged')) ? 'in a PRIVILEGED lab box' : where}`,
    ...trust.inBox.map((l) => `    box:  ${l}`),
    ...trust.privileges.map((l) => `    asks: ${l}`),
    // Each path, not a count: whoever trusts the pack sees what on the node it reads as root.
    ...trust.nodeReads.map((r) => `          ${r.check === 'node.path' ? 'reads' : 'mount at'} ${r.path} (step ${r.step})`),
  ];
}
