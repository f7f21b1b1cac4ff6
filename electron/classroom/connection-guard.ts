// At most so many connections from one address. When one more arrives, the
// oldest connection of that address that is not in the middle of a request
// (still sending its headers, or idle between requests) is closed to make
// room, so a thousand slow connections from one address cannot keep a learner
// there from joining: a real request sends its headers at once and is then
// left alone. Only when every one of them is busy is the new one refused.
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

interface Tracked {
  socket: Socket;
  busy: boolean;
}

export class ConnectionGuard {
  /** by address, then by remote port; insertion order is age */
  private readonly byAddress = new Map<string, Map<number, Tracked>>();
  /** connections closed or refused to make room */
  evicted = 0;

  constructor(private readonly perAddress: number) {}

  /** Watches `server`'s connections; for TLS, the raw sockets (before the handshake) and the requests after it. */
  attach(server: Server): void {
    server.on('connection', (socket: Socket) => this.admit(socket));
    server.on('request', (req: { socket: Socket }, res: { once(event: 'close', f: () => void): void }) => {
      const tracked = this.tracked(req.socket);
      if (!tracked) return;
      tracked.busy = true;
      res.once('close', () => (tracked.busy = false));
    });
  }

  private admit(socket: Socket): void {
    const address = socket.remoteAddress ?? 'unknown';
    const port = socket.remotePort ?? 0;
    let connections = this.byAddress.get(address);
    if (!connections) this.byAddress.set(address, (connections = new Map()));
    if (connections.size >= this.perAddress) {
      const idle = [...connections].find(([, c]) => !c.busy);
      this.evicted += 1;
      if (!idle) return void socket.destroy();
      idle[1].socket.destroy();
      connections.delete(idle[0]);
    }
    connections.set(port, { socket, busy: false });
    socket.once('close', () => {
      if (connections.get(port)?.socket !== socket) return;
      connections.delete(port);
      if (connections.size === 0) this.byAddress.delete(address);
    });
  }

  private tracked(socket: Socket): Tracked | undefined {
    return this.byAddress.get(socket.remoteAddress ?? 'unknown')?.get(socket.remotePort ?? 0);
  }
}
