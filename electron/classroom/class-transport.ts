// How the learner's side talks to a class server: one JSON POST at a time,
// over http or https. A self-signed class certificate is trusted only when its
// SHA-256 fingerprint is the one the instructor read out: the certificate is
// fetched once, compared, and then it alone is trusted (as the only CA) for
// every request, so a machine in the middle with another certificate fails.
import { X509Certificate } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { normaliseFingerprint } from './class-tls';

export class ClassroomError extends Error {}

export interface ClassConnection {
  /** the class server's origin, e.g. http://192.168.1.20:7070 */
  url: string;
  code: string;
  learner: string;
  /** given at join; every report carries it */
  secret?: string;
  /** the class's own certificate (PEM), pinned by its fingerprint */
  pinnedCert?: string;
}

export interface PostResult {
  status: number;
  body: unknown;
  /** from Retry-After, when the server gave one */
  retryAfterMs?: number;
}

const REQUEST_TIMEOUT_MS = 5_000;
/** A class server's answers are a line of JSON. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** What the learner typed as the class URL, as an origin: "10.0.0.5:7070" becomes "http://10.0.0.5:7070". */
export function classOrigin(input: string): string {
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new ClassroomError(`"${input}" is not a class URL; it looks like http://10.0.0.5:7070`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ClassroomError(`a class URL starts with http:// or https://, not ${url.protocol}//`);
  return url.origin;
}

/** The certificate the https server at `origin` shows, if its fingerprint is `fingerprint`; a ClassroomError otherwise. */
export async function pinCertificate(origin: string, fingerprint: string): Promise<string> {
  const url = new URL(origin);
  if (url.protocol !== 'https:') throw new ClassroomError('a certificate fingerprint is for a class URL that starts with https://');
  const raw = await new Promise<Buffer>((resolve, reject) => {
    // Not verified here on purpose: what it shows is compared with the fingerprint below, then nothing is sent on this connection.
    const socket = tlsConnect({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 443), rejectUnauthorized: false, timeout: REQUEST_TIMEOUT_MS });
    socket.once('secureConnect', () => {
      resolve(socket.getPeerCertificate().raw);
      socket.destroy();
    });
    socket.once('timeout', () => socket.destroy(new Error('timed out')));
    socket.once('error', reject);
  });
  const cert = new X509Certificate(raw);
  if (normaliseFingerprint(cert.fingerprint256) !== normaliseFingerprint(fingerprint)) {
    throw new ClassroomError(`the class server's certificate is not the one the instructor gave (its fingerprint is ${cert.fingerprint256}); do not send anything there`);
  }
  return cert.toString();
}

/** One POST to the class server. Throws only when the server could not be reached. */
export function postToClass(connection: ClassConnection, path: string, body: unknown): Promise<PostResult> {
  const url = new URL(path, connection.url);
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(text)),
    Authorization: `Bearer ${connection.code}`,
    // A report every few seconds needs no kept-alive connection, and one kept
    // idle may be closed by the server (its per-address cap) just as it is reused.
    Connection: 'close',
    ...(connection.secret ? { 'X-Nslab-Learner-Secret': connection.secret } : {}),
  };
  const options = { method: 'POST', headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) };
  return new Promise((resolve, reject) => {
    const req =
      url.protocol === 'https:'
        ? httpsRequest(url, connection.pinnedCert ? { ...options, ca: connection.pinnedCert, checkServerIdentity: () => undefined } : options, (res) => readAnswer(res).then(resolve, reject))
        : httpRequest(url, options, (res) => readAnswer(res).then(resolve, reject));
    req.once('error', reject);
    req.end(text);
  });
}

async function readAnswer(res: IncomingMessage): Promise<PostResult> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      res.destroy();
      break;
    }
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: kept as text for the message
  }
  const retryAfter = Number(res.headers['retry-after']);
  return { status: res.statusCode ?? 0, body: parsed, ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}) };
}

export function errorText(body: unknown): string {
  if (typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string') return (body as { error: string }).error;
  return String(body).slice(0, 200);
}

export function failureText(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return (error as { code?: string }).code ?? cause?.code ?? cause?.message ?? (error as Error).message;
}
