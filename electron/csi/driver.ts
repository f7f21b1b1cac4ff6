// nslab's teaching CSI driver, assembled: Identity + Controller + Node on the
// CSI socket, the plugin-registration socket for the kubelet when asked, and
// every call appended to a JSON-lines log that the CSI panel and checks read.
import type { Server } from '@grpc/grpc-js';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CsiCall } from '../shared/csi-call';
import { formatCsiCall } from './call-log';
import { controllerService } from './controller-service';
import { csiServices, registrationService, serveOnSocket } from './grpc-server';
import { identityService } from './identity-service';
import { nodeService } from './node-service';
import { registrationHandlers, registrationSocket, type RegistrationOutcome } from './registration';
import { VolumeStore } from './volume-store';

export const DRIVER_VERSION = '1.0.0';

export interface DriverOptions {
  /** e.g. csi.nslab.dev: the CSIDriver's name and every PV's spec.csi.driver */
  name: string;
  /** the CSI socket the sidecars and the kubelet dial */
  socket: string;
  /** this node's id (NodeGetInfo), usually the node's name */
  nodeId: string;
  /** where volumes, snapshots and attachments live */
  root: string;
  /** the call log, appended to (JSON lines) */
  log: string;
  /** the kubelet's plugins_registry directory: serve the registration socket there */
  registryDir?: string;
  onCall?: (call: CsiCall) => void;
  onRegistration?: (outcome: RegistrationOutcome) => void;
}

export interface RunningDriver {
  registrationSocket?: string;
  stop(): Promise<void>;
}

export async function startDriver(options: DriverOptions): Promise<RunningDriver> {
  const store = new VolumeStore(options.root);
  mkdirSync(dirname(options.log), { recursive: true });
  mkdirSync(dirname(options.socket), { recursive: true });
  // Synchronous: a line is in the file before the call's answer leaves, so a
  // reader that saw the effect sees the call.
  const onCall = (call: CsiCall) => {
    appendFileSync(options.log, formatCsiCall(call));
    options.onCall?.(call);
  };
  const csi = csiServices();
  const servers: Server[] = [
    await serveOnSocket(
      options.socket,
      [
        { name: 'Identity', definition: csi.Identity, handlers: identityService(options.name, DRIVER_VERSION) },
        { name: 'Controller', definition: csi.Controller, handlers: controllerService(store) },
        { name: 'Node', definition: csi.Node, handlers: nodeService(store, options.nodeId) },
      ],
      onCall,
    ),
  ];
  let regSocket: string | undefined;
  if (options.registryDir) {
    regSocket = registrationSocket(options.registryDir, options.name);
    mkdirSync(options.registryDir, { recursive: true });
    const handlers = registrationHandlers(options.name, options.socket, (outcome) => options.onRegistration?.(outcome));
    servers.push(await serveOnSocket(regSocket, [{ name: 'Registration', definition: registrationService(), handlers }], onCall));
  }
  return {
    ...(regSocket ? { registrationSocket: regSocket } : {}),
    stop: () => Promise.all(servers.map((s) => new Promise<void>((resolve) => s.tryShutdown(() => resolve())))).then(() => undefined),
  };
}
