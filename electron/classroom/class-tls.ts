// TLS for the class server: the instructor's own certificate and key, or a
// self-signed pair made once with the `openssl` CLI (an argument vector, no
// shell) and kept beside the class state, so the fingerprint the instructor
// reads out stays the same across restarts. Learners pin that fingerprint.
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeFileAtomic } from '../engine/atomic-write';

export interface ClassTls {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, "AB:CD:…", as learners compare it */
  fingerprint: string;
}

/** A self-signed certificate lives this long; a new one (and a new fingerprint) is made after. */
const SELF_SIGNED_DAYS = 90;

export async function readTls(certFile: string, keyFile: string): Promise<ClassTls> {
  const [cert, key] = await Promise.all([readFile(certFile, 'utf8'), readFile(keyFile, 'utf8')]);
  return { cert, key, fingerprint: fingerprintOf(cert) };
}

/** The self-signed pair kept as `<stem>.cert.pem` and `<stem>.key.pem` (mode 0600), made when missing or expiring within a day. */
export async function selfSignedTls(stem: string): Promise<ClassTls> {
  const certFile = `${stem}.cert.pem`;
  const keyFile = `${stem}.key.pem`;
  try {
    const tls = await readTls(certFile, keyFile);
    if (Date.parse(new X509Certificate(tls.cert).validTo) > Date.now() + 86_400_000) return tls;
  } catch {
    // missing or unreadable: made afresh below
  }
  // openssl writes its files with the umask's mode: it writes into a private folder, nslab copies them out as 0600.
  const scratch = await mkdtemp(join(tmpdir(), 'nslab-tls-'));
  try {
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-days', String(SELF_SIGNED_DAYS), '-subj', '/CN=nslab classroom',
      '-keyout', join(scratch, 'key.pem'), '-out', join(scratch, 'cert.pem'),
    ]);
    const [cert, key] = await Promise.all([readFile(join(scratch, 'cert.pem'), 'utf8'), readFile(join(scratch, 'key.pem'), 'utf8')]);
    await writeFileAtomic(keyFile, key, 0o600);
    await writeFileAtomic(certFile, cert, 0o600);
    return { cert, key, fingerprint: fingerprintOf(cert) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

export function fingerprintOf(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** How fingerprints are compared: case, colons and spaces do not matter to someone typing one. */
export function normaliseFingerprint(text: string): string {
  return text.toUpperCase().replace(/[^0-9A-F]/g, '');
}
