// The class server: `ClassRoutes` behind node:http (or node:https when given a
// certificate), bound to loopback unless told otherwise. Every refusal is an
// HTTP status and a sentence; no request, however malformed, ends the server.
import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { TableLab } from '../shared/classroom';
import { ClassRoutes, type SeatedClass } from './class-routes';
import type { ClassStore } from './class-store';
import type { ClassTls } from './class-tls';
import { ConnectionGuard } from './connection-guard';
import { HttpError, sendJson } from './http-io';
import { instructorCookieName } from './instructor-routes';
import { ReportError } from './report-schema';
import { boundHosts, misdirected } from '../server/page-security';

export interface ClassServerOptions {
  store: ClassStore;
  /** titles and step order of the labs, for the table's headers */
  outlines: TableLab[];
  /** the built renderer, which holds instructor.html */
  rendererDir: string;
  host?: string;
  port?: number;
  /** serve HTTPS with this certificate */
  tls?: ClassTls;
  /** DNS names learners use to reach this machine; the Host check answers to its addresses, and to these */
  hostnames?: string[];
  /** the learners sit on this server (`nslab serve --backend kubernetes`) */
  seated?: SeatedClass;
  /** told of errors that are the server's, not the client's */
  onError?: (error: Error) => void;
}

export interface RunningClassServer {
  /** where learners join: one URL for each address of this machine they may reach */
  learnerUrls: string[];
  /** the instructor's page, with its token */
  instructorUrl: string;
  code: string;
  /** joins from a page of the class's own, with /api/join's checks and limits */
  joinFromPage: ClassRoutes['joinFromPage'];
  /** connections closed or refused because their address had too many */
  readonly evictedConnections: number;
  close(): Promise<void>;
}

/**
 * Slow or oversized headers are somebody holding connections open: cut them
 * short. Node checks these timeouts every `connectionsCheckingInterval` (30 s
 * by default, which let a slow client outlive a 10 s timeout threefold).
 */
export const HTTP_LIMITS: ServerOptions = {
  headersTimeout: 5_000,
  requestTimeout: 15_000,
  connectionsCheckingInterval: 1_000,
  keepAliveTimeout: 5_000,
  maxHeaderSize: 16 * 1024,
};
/** A classroom behind one NAT address keeps a connection or two per learner. */
export const MAX_CONNECTIONS_PER_ADDRESS = 64;

export async function startClassServer(options: ClassServerOptions): Promise<RunningClassServer> {
  const { store } = options;
  const host = options.host ?? '127.0.0.1';
  const routes = new ClassRoutes(store, options.outlines, options.rendererDir, options.seated);
  let hosts = new Set<string>();
  const answer = (req: IncomingMessage, res: ServerResponse) => {
    // A page on another name that resolves here (DNS rebinding) sends its own name as Host.
    const wrongHost = misdirected(req, hosts);
    if (wrongHost) return refuse(res, new HttpError(421, `${wrongHost}; a DNS name of this machine must be given with --hostname`), undefined);
    routes.handle(req, res).catch((error: unknown) => refuse(res, error, options.onError));
  };
  const http: Server = options.tls
    ? createTlsServer({ ...HTTP_LIMITS, cert: options.tls.cert, key: options.tls.key, handshakeTimeout: 5_000 }, answer)
    : createServer(HTTP_LIMITS, answer);
  http.maxHeadersCount = 64;
  // Every address together: bounds the open files whatever the addresses.
  http.maxConnections = 4_000;
  const guard = new ConnectionGuard(MAX_CONNECTIONS_PER_ADDRESS);
  guard.attach(http);

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  hosts = boundHosts(host, port, options.hostnames);
  const scheme = options.tls ? 'https' : 'http';
  routes.instructor.joinUrls = reachableUrls(host, port, scheme);
  routes.instructor.cookie = instructorCookieName(port);
  return {
    learnerUrls: routes.instructor.joinUrls,
    instructorUrl: `${urlFor(host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, port, scheme)}/?token=${store.instructorToken}`,
    code: store.code,
    joinFromPage: (code, learner, address) => routes.joinFromPage(code, learner, address),
    get evictedConnections() {
      return guard.evicted;
    },
    close: async () => {
      routes.instructor.feed.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await store.close();
    },
  };
}

function refuse(res: ServerResponse, error: unknown, onError: ((error: Error) => void) | undefined): void {
  const known = error instanceof HttpError ? error : error instanceof ReportError ? new HttpError(422, error.message) : undefined;
  if (!known) onError?.(error instanceof Error ? error : new Error(String(error)));
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, known?.status ?? 500, { error: known?.message ?? 'the class server failed; see its log' }, known?.headers);
}

/** Every address learners may use: the one bound, or each of this machine's when bound to all. */
function reachableUrls(host: string, port: number, scheme: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [urlFor(host, port, scheme)];
  const addresses = Object.values(networkInterfaces())
    .flat()
    // Link-local IPv6 needs a zone id a browser will not take: leave it out.
    .filter((a) => a !== undefined && !a.internal && (a.family === 'IPv4' || (host === '::' && !a.address.startsWith('fe80'))))
    .map((a) => a!.address);
  return (addresses.length ? addresses : ['127.0.0.1']).map((a) => urlFor(a, port, scheme));
}

function urlFor(host: string, port: number, scheme: string): string {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
