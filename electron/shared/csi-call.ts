// One CSI call as nslab's teaching driver logs it (one JSON line per call),
// and what the CSI panel and the checks read back. The driver writes these
// lines; the panel never talks to the driver itself.

/** The calls the panel draws, in the order a volume's life makes them. */
export const CSI_LIFECYCLE = [
  'CreateVolume',
  'ControllerPublishVolume',
  'NodeStageVolume',
  'NodePublishVolume',
  'NodeUnpublishVolume',
  'NodeUnstageVolume',
  'ControllerUnpublishVolume',
  'DeleteVolume',
] as const;

export interface CsiCall {
  /** when the call arrived (ISO time) */
  at: string;
  /** the gRPC method, e.g. NodeStageVolume */
  method: string;
  /** Identity, Controller, Node or Registration (the kubelet's plugin registration) */
  service: string;
  /** how long the driver took, in milliseconds */
  ms: number;
  /** the gRPC status name: OK, NOT_FOUND, … */
  code: string;
  error?: string;
  volumeId?: string;
  nodeId?: string;
  /** NodeStageVolume: the node-wide staging path the kubelet chose */
  stagingPath?: string;
  /** NodePublishVolume: the per-pod target path */
  targetPath?: string;
  /** CreateVolume: the name the provisioner asked for (pvc-<uid>) */
  name?: string;
  /** CreateVolume: "<namespace>/<name>" of the claim, which the external-provisioner passes with --extra-create-metadata */
  claim?: string;
  snapshotId?: string;
  capacityBytes?: number;
}

/** What the CSI panel gets besides the storage snapshot: the driver's calls, when the app can read its log. */
export interface CsiSnapshot {
  takenAt: string;
  /** where the calls come from (the log's path), or why there are none */
  source: { log: string } | { none: string };
  /** the newest calls, oldest first */
  calls: CsiCall[];
}
