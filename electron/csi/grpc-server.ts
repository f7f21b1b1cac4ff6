// The driver's gRPC face: csi.proto's services (and the kubelet's plugin
// registration) served on unix sockets, every call logged as one CsiCall line
// whatever its outcome. Methods the driver does not implement answer
// UNIMPLEMENTED, which is how CSI says "not offered".
import { Server, ServerCredentials, status, type ServiceDefinition, type sendUnaryData, type ServerUnaryCall } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { CsiCall } from '../shared/csi-call';
import { CsiError } from './csi-error';
import { snapshotOfContentSource, type ServiceHandlers } from './csi-types';

/** The vendored protos: csi.proto (container-storage-interface/spec) and the kubelet's pluginregistration v1. */
export const PROTO_DIR = fileURLToPath(new URL('./proto/', import.meta.url));

const LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: false, oneofs: true } as const;

type PackageDefinition = ReturnType<typeof loadSync>;

function serviceOf(definition: PackageDefinition, name: string): ServiceDefinition {
  const service = definition[name];
  if (!service || !('path' in Object.values(service)[0]!)) throw new Error(`no service ${name} in the proto`);
  return service as ServiceDefinition;
}

export function csiServices(): Record<'Identity' | 'Controller' | 'Node', ServiceDefinition> {
  const definition = loadSync(`${PROTO_DIR}csi.proto`, LOADER_OPTIONS);
  return { Identity: serviceOf(definition, 'csi.v1.Identity'), Controller: serviceOf(definition, 'csi.v1.Controller'), Node: serviceOf(definition, 'csi.v1.Node') };
}

export function registrationService(): ServiceDefinition {
  return serviceOf(loadSync(`${PROTO_DIR}pluginregistration.proto`, LOADER_OPTIONS), 'pluginregistration.Registration');
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The request's and response's fields a learner follows a volume by. */
function callFields(request: Record<string, unknown>, response: object | undefined): Partial<CsiCall> {
  const volume = (response as { volume?: { volume_id?: unknown; capacity_bytes?: unknown } } | undefined)?.volume;
  const capacity = Number(volume?.capacity_bytes ?? (response as { capacity_bytes?: unknown } | undefined)?.capacity_bytes ?? NaN);
  const snapshot = (response as { snapshot?: { snapshot_id?: unknown } } | undefined)?.snapshot;
  const parameters = (request.parameters ?? {}) as Record<string, unknown>;
  const [claimNamespace, claimName] = [text(parameters['csi.storage.k8s.io/pvc/namespace']), text(parameters['csi.storage.k8s.io/pvc/name'])];
  const fields: Partial<CsiCall> = {
    claim: claimNamespace && claimName ? `${claimNamespace}/${claimName}` : undefined,
    volumeId: text(request.volume_id) ?? text(request.source_volume_id) ?? text(volume?.volume_id),
    nodeId: text(request.node_id),
    stagingPath: text(request.staging_target_path),
    targetPath: text(request.target_path),
    name: text(request.name),
    // CreateVolume from a snapshot names it in its content source: a restore.
    snapshotId: text(request.snapshot_id) ?? text(snapshot?.snapshot_id) ?? snapshotOfContentSource(request.volume_content_source),
    ...(Number.isFinite(capacity) ? { capacityBytes: capacity } : {}),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

export type CallListener = (call: CsiCall) => void;

function implementation(serviceName: string, definition: ServiceDefinition, handlers: ServiceHandlers, onCall: CallListener) {
  return Object.fromEntries(
    Object.keys(definition).map((method) => [
      method,
      (call: ServerUnaryCall<Record<string, unknown>, object>, callback: sendUnaryData<object>) => {
        const started = performance.now();
        const at = new Date().toISOString();
        const handler = handlers[method];
        const done = (code: status, response?: object, error?: string) => {
          onCall({ at, method, service: serviceName, ms: Math.round((performance.now() - started) * 10) / 10, code: status[code], ...(error ? { error } : {}), ...callFields(call.request, response) });
          if (code === status.OK) callback(null, response);
          else callback({ code, details: error ?? status[code] });
        };
        if (!handler) return done(status.UNIMPLEMENTED, undefined, `${method} is not offered by this driver`);
        handler(call.request).then(
          (response) => done(status.OK, response),
          (error: unknown) => done(error instanceof CsiError ? error.code : status.INTERNAL, undefined, (error as Error).message),
        );
      },
    ]),
  );
}

export interface ServedService {
  name: string;
  definition: ServiceDefinition;
  handlers: ServiceHandlers;
}

/** Serves these services on a unix socket (a stale socket file from a crash is replaced). */
export async function serveOnSocket(socketPath: string, services: ServedService[], onCall: CallListener): Promise<Server> {
  const server = new Server();
  for (const s of services) server.addService(s.definition, implementation(s.name, s.definition, s.handlers, onCall));
  await rm(socketPath, { force: true });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`unix://${socketPath}`, ServerCredentials.createInsecure(), (error) => (error ? reject(error) : resolve())),
  );
  return server;
}
