// What every nslab HTTP server that hands pages to a browser shares: the
// response headers that keep a page local, the access cookie, a constant-time
// secret comparison, the same-origin check for requests that change state, and
// the Host check that defeats DNS rebinding.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

/**
 * The pages' own meta CSP says the same (renderer/*.html): no inline scripts or
 * styles. Vue's style bindings set CSSOM properties, which CSP allows, and
 * xterm's <style> is adopted as a constructed sheet (adopted-styles.ts).
 */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

export const PAGE_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
} as const;

/**
 * HttpOnly and SameSite=Strict: the page's scripts cannot read it and other
 * sites cannot send it. Browsers do not scope cookies by port, so `name`
 * carries the server's port: two nslab servers on one host never take (or
 * overwrite) each other's.
 */
export function accessCookie(name: string, value: string): string {
  return `${name}=${value}; HttpOnly; SameSite=Strict; Path=/`;
}

export function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

/** Compares digests, so neither the secret's content nor its length shows in the timing. */
export function sameSecret(given: string | null, expected: string): boolean {
  if (given === null) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** A page from elsewhere must not act through the user's cookie. */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * The Host headers a server bound to `host`:`port` answers: its own address,
 * 127.0.0.1 and localhost, every address of this machine when bound to all, and
 * the DNS names it was told learners use (`--hostname`). A page on another name
 * that resolves here (DNS rebinding) sends its own name.
 */
export function boundHosts(host: string, port: number, hostnames: readonly string[] = []): Set<string> {
  const names = ['127.0.0.1', 'localhost', '[::1]', host.includes(':') ? `[${host}]` : host, ...hostnames.map((name) => name.toLowerCase())];
  if (host === '0.0.0.0' || host === '::') {
    for (const a of Object.values(networkInterfaces()).flat()) if (a) names.push(a.family === 'IPv6' ? `[${a.address}]` : a.address);
  }
  return new Set(names.map((name) => `${name}:${port}`));
}

export function hostAllowed(req: IncomingMessage, hosts: Set<string>): boolean {
  return hosts.has((req.headers.host ?? '').toLowerCase());
}

/** Why a request whose Host is not one of `hosts` is refused (421), or undefined when it is one. */
export function misdirected(req: IncomingMessage, hosts: Set<string>): string | undefined {
  if (hostAllowed(req, hosts)) return undefined;
  return `this server answers to ${[...hosts].slice(0, 4).join(', ')}, not to ${req.headers.host ?? 'no Host'}`;
}
