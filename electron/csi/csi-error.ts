// A CSI call's failure with the gRPC status the spec asks for (NOT_FOUND for
// an unknown volume, INVALID_ARGUMENT for a missing field…): the sidecars and
// the kubelet decide whether to retry from the code.
import { status } from '@grpc/grpc-js';

export class CsiError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
  }
}

export function required(value: string | undefined, field: string): string {
  if (!value) throw new CsiError(status.INVALID_ARGUMENT, `${field} is required`);
  return value;
}
