// Request bodies read under a byte limit, and JSON answers: the class server's
// only contact with raw request bytes.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A refusal with its HTTP status; the message is for the client. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The body parsed as JSON: 413 past `limit` bytes (declared or streamed), 415 unless JSON, 400 when unparsable. */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'send JSON (Content-Type: application/json)');
  const body = await readBody(req, limit);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'the body is not valid JSON');
  }
}

/** A form's fields (application/x-www-form-urlencoded), under the same limits. */
export async function readFormBody(req: IncomingMessage, limit: number): Promise<URLSearchParams> {
  if (!/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) throw new HttpError(415, 'send the form as the page does');
  return new URLSearchParams((await readBody(req, limit)).toString('utf8'));
}

/** The body's bytes: 413 past `limit` bytes, declared or streamed. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, `a request body is at most ${limit} bytes`, { Connection: 'close' });
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge();
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = (error: Error) => {
      req.off('data', onData).off('end', onEnd).off('error', onError);
      // Discard the rest instead of destroying the socket, so the 413 still
      // reaches the client; `Connection: close` ends the socket after it.
      req.resume();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) stop(tooLarge());
      else chunks.push(chunk);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    const onError = () => stop(new HttpError(400, 'the request body was cut off'));
    req.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(text);
}
