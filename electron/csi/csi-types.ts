// The few fields of csi.proto's messages the driver reads and writes, as
// @grpc/proto-loader decodes them (keepCase: proto's snake_case names; longs
// as strings; oneofs named by their set field). Requests are read field by
// field, so anything else a caller sends is ignored.

export interface CapacityRange {
  required_bytes?: string;
  limit_bytes?: string;
}

export interface VolumeCapability {
  block?: object | null;
  mount?: { fs_type?: string; mount_flags?: string[] } | null;
  access_mode?: { mode?: string } | null;
}

export type Handler = (request: Record<string, unknown>) => Promise<object>;

/** one service's methods by their proto name */
export type ServiceHandlers = Record<string, Handler>;

/** A VolumeContentSource's snapshot id: CreateVolume asked to restore that snapshot. */
export function snapshotOfContentSource(source: unknown): string | undefined {
  const id = ((source ?? {}) as { snapshot?: { snapshot_id?: unknown } }).snapshot?.snapshot_id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
