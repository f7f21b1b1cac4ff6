// A class server in the test process (real sockets on loopback, a real log
// file), and the requests the tests make of it as learners and as instructor.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { startClassServer, type RunningClassServer } from '../../electron/classroom/class-server';
import { ClassStore } from '../../electron/classroom/class-store';
import type { ClassTls } from '../../electron/classroom/class-tls';
import { loadLabOutlines } from '../../electron/classroom/lab-outlines';
import type { ClassReport, InstructorSnapshot } from '../../electron/shared/classroom';
import { REPO_ROOT } from './cli';

export const CODE = 'TEST-CODE';

/** A scratch folder with a stand-in instructor page; servers opened through it are closed by `close()`. */
export class ClassBench {
  readonly scratch = mkdtempSync(join(tmpdir(), 'nslab-classroom-'));
  readonly renderer = join(this.scratch, 'renderer');
  private readonly running: RunningClassServer[] = [];
  /** Errors the servers took for their own (a 500): none is expected, whatever the clients send. */
  readonly serverErrors: Error[] = [];

  constructor() {
    mkdirSync(join(this.renderer, 'assets'), { recursive: true });
    writeFileSync(join(this.renderer, 'instructor.html'), '<!doctype html><title>nslab classroom</title>');
    writeFileSync(join(this.renderer, 'assets', 'instructor.js'), 'console.log(1)');
  }

  async open(stateName: string, options: { port?: number; code?: string; tls?: ClassTls; hostnames?: string[] } = {}): Promise<{ server: RunningClassServer; store: ClassStore; base: string }> {
    const store = await ClassStore.open(join(this.scratch, stateName), options.code === undefined ? { code: CODE } : { code: options.code });
    const server = await startClassServer({
      store,
      outlines: await loadLabOutlines(join(REPO_ROOT, 'labs')),
      rendererDir: this.renderer,
      port: options.port ?? 0,
      ...(options.tls ? { tls: options.tls } : {}),
      ...(options.hostnames ? { hostnames: options.hostnames } : {}),
      onError: (e) => this.serverErrors.push(e),
    });
    this.running.push(server);
    return { server, store, base: server.learnerUrls[0]! };
  }

  async stop(server: RunningClassServer): Promise<void> {
    this.running.splice(this.running.indexOf(server), 1);
    await server.close();
  }

  async close(): Promise<void> {
    await Promise.all(this.running.map((s) => s.close()));
    rmSync(this.scratch, { recursive: true, force: true });
  }
}

export function post(base: string, path: string, body: unknown, options: { code?: string; secret?: string; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${options.code ?? CODE}`,
      ...(options.secret ? { 'X-Nslab-Learner-Secret': options.secret } : {}),
      ...options.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Joins as `learner` and returns the secret the class handed out. */
export async function joinAs(base: string, learner: string): Promise<string> {
  const res = await post(base, '/api/join', { learner });
  expect(res.status).toBe(200);
  const { secret } = (await res.json()) as { secret: string };
  expect(secret).toMatch(/^[\w-]{32}$/);
  return secret;
}

export function report(stepId = 'look-around', status: 'pass' | 'fail' = 'pass'): ClassReport {
  return { labId: 'uts-namespace', stepId, checks: [{ title: 'hostname saved', status, message: status === 'pass' ? 'OK' : 'expected x, found y' }] };
}

/** The instructor's cookie, traded for the token as the page does. */
export async function instructorCookie(server: RunningClassServer): Promise<string> {
  const res = await fetch(server.instructorUrl, { redirect: 'manual' });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/');
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

export async function snapshot(server: RunningClassServer): Promise<InstructorSnapshot> {
  const res = await fetch(`${server.learnerUrls[0]}/api/snapshot`, { headers: { cookie: await instructorCookie(server) } });
  expect(res.status).toBe(200);
  return (await res.json()) as InstructorSnapshot;
}

/** Sends raw bytes and returns the raw answer: for requests fetch refuses to make. */
export function rawRequest(base: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(Number(port), hostname, () => socket.end(bytes));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}
