// The class server: `ClassRoutes` behind node:http, bound to loopback unless
// told otherwise. Every refusal is an HTTP status and a sentence; no request,
// however malformed, ends the server.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { TableLab } from '../shared/classroom';
import { ClassRoutes } from './class-routes';
import type { ClassStore } from './class-store';
import { HttpError, sendJson } from './http-io';
import { ReportError } from './report-schema';

export interface ClassServerOptions {
  store: ClassStore;
  /** titles and step order of the labs, for the table's headers */
  outlines: TableLab[];
  /** the built renderer, which holds instructor.html */
  rendererDir: string;
  host?: string;
  port?: number;
  /** told of errors that are the server's, not the client's */
  onError?: (error: Error) => void;
}

export interface RunningClassServer {
  /** where learners join: one URL for each address of this machine they may reach */
  learnerUrls: string[];
  /** the instructor's page, with its token */
  instructorUrl: string;
  code: string;
  close(): Promise<void>;
}

export async function startClassServer(options: ClassServerOptions): Promise<RunningClassServer> {
  const { store } = options;
  const host = options.host ?? '127.0.0.1';
  const routes = new ClassRoutes(store, options.outlines, options.rendererDir);
  const http = createServer((req, res) => {
    routes.handle(req, res).catch((error: unknown) => refuse(res, error, options.onError));
  });
  // Slow or oversized headers are somebody holding connections open: cut them short.
  http.headersTimeout = 10_000;
  http.requestTimeout = 20_000;
  http.maxHeadersCount = 64;
  http.maxConnections = 1_000;

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port } = http.address() as AddressInfo;
  routes.joinUrls = reachableUrls(host, port);
  return {
    learnerUrls: routes.joinUrls,
    instructorUrl: `${urlFor(host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, port)}/?token=${store.instructorToken}`,
    code: store.code,
    close: async () => {
      routes.feed.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await store.save();
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
function reachableUrls(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [urlFor(host, port)];
  const addresses = Object.values(networkInterfaces())
    .flat()
    // Link-local IPv6 needs a zone id a browser will not take: leave it out.
    .filter((a) => a !== undefined && !a.internal && (a.family === 'IPv4' || (host === '::' && !a.address.startsWith('fe80'))))
    .map((a) => a!.address);
  return (addresses.length ? addresses : ['127.0.0.1']).map((a) => urlFor(a, port));
}

function urlFor(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
