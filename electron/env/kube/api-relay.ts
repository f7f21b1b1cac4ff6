// The host's end of a tools box's way to the cluster: a unix socket, bind-mounted
// into the box (which has no network), whose every connection is spliced to the
// apiserver's address and nowhere else. It carries TLS it cannot read: the
// learner's kubectl talks TLS to the apiserver itself and authenticates with
// the learner's token; nothing of nslab's own credential passes here.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiserverAddress } from './learner-kubeconfig';

export class ApiRelay {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly dir: string,
    /** the socket to bind-mount into the box; alone in its folder */
    readonly socketPath: string,
  ) {}

  static async start(apiserver: ApiserverAddress): Promise<ApiRelay> {
    // A folder of its own (0700), so nothing but the socket is ever near the box's mount.
    const dir = mkdtempSync(join(tmpdir(), 'nslab-relay-'));
    const socketPath = join(dir, 'api.sock');
    const server = createServer((box) => {
      const api = createConnection({ host: apiserver.host, port: apiserver.port });
      relay.track(box, api);
      box.pipe(api).pipe(box);
      const end = () => {
        box.destroy();
        api.destroy();
      };
      box.on('error', end).on('close', end);
      api.on('error', end).on('close', end);
    });
    const relay = new ApiRelay(server, dir, socketPath);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    // The box's forwarder runs as an unprivileged user of the box; the socket
    // gives nothing but a TCP stream to the apiserver, which asks for a credential.
    chmodSync(socketPath, 0o666);
    return relay;
  }

  private track(...sockets: Socket[]): void {
    for (const socket of sockets) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    }
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}
