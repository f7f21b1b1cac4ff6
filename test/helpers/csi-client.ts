// A gRPC client of nslab's CSI driver for tests: the calls the sidecars and
// the kubelet would make, on the driver's real unix sockets, promisified.
import { credentials, makeClientConstructor, type Client, type ServiceDefinition } from '@grpc/grpc-js';
import { csiServices, registrationService } from '../../electron/csi/grpc-server';

export type Reply = Record<string, unknown>;

export interface CsiClient {
  call(service: 'Identity' | 'Controller' | 'Node' | 'Registration', method: string, request?: object): Promise<Reply>;
  close(): void;
}

function client(definition: ServiceDefinition, socket: string): Client {
  const Constructor = makeClientConstructor(definition, 'nslab');
  return new Constructor(`unix://${socket}`, credentials.createInsecure());
}

export function csiClient(socket: string, registrationSocket?: string): CsiClient {
  const services = csiServices();
  const clients = {
    Identity: client(services.Identity, socket),
    Controller: client(services.Controller, socket),
    Node: client(services.Node, socket),
    ...(registrationSocket ? { Registration: client(registrationService(), registrationSocket) } : {}),
  } as Record<string, Client>;
  return {
    call: (service, method, request = {}) =>
      new Promise((resolve, reject) => {
        const c = clients[service];
        if (!c) return reject(new Error(`no ${service} client`));
        const fn = (c as unknown as Record<string, (req: object, cb: (e: Error | null, r: Reply) => void) => void>)[method];
        if (!fn) return reject(new Error(`${service} has no method ${method}`));
        fn.call(c, request, (error, reply) => (error ? reject(error) : resolve(reply)));
      }),
    close: () => Object.values(clients).forEach((c) => c.close()),
  };
}
