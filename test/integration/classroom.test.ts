// The class server on loopback with real sockets, a real state file and the
// real learner client: what it refuses, what it survives, what it keeps.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer as createTcpServer, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NslabService } from '../../electron/app/nslab-service';
import { startClassServer, type RunningClassServer } from '../../electron/classroom/class-server';
import { ClassStore } from '../../electron/classroom/class-store';
import { ClassroomError, joinClass } from '../../electron/classroom/client';
import { loadLabOutlines } from '../../electron/classroom/lab-outlines';
import { MAX_REPORT_BYTES } from '../../electron/classroom/report-schema';
import type { ClassReport, InstructorSnapshot } from '../../electron/shared/classroom';
import { REPO_ROOT } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-classroom-'));
const renderer = join(scratch, 'renderer');
const running: RunningClassServer[] = [];
/** Errors the servers took for their own (a 500): none is expected, whatever the clients send. */
const serverErrors: Error[] = [];

beforeAll(() => {
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'instructor.html'), '<!doctype html><title>nslab classroom</title>');
  writeFileSync(join(renderer, 'assets', 'instructor.js'), 'console.log(1)');
});
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
  rmSync(scratch, { recursive: true, force: true });
});

async function openClass(stateFile: string, port = 0): Promise<{ server: RunningClassServer; store: ClassStore; base: string }> {
  const store = await ClassStore.open(stateFile, { code: 'TEST-CODE' });
  const server = await startClassServer({ store, outlines: await loadLabOutlines(join(REPO_ROOT, 'labs')), rendererDir: renderer, port, onError: (e) => serverErrors.push(e) });
  running.push(server);
  return { server, store, base: server.learnerUrls[0]! };
}

function post(base: string, path: string, body: unknown, code = 'TEST-CODE', headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${code}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function report(learner: string, stepId = 'look-around', checkedAt = new Date().toISOString()): ClassReport {
  return { learner, labId: 'uts-namespace', stepId, checks: [{ title: 'hostname saved', status: 'pass', message: 'OK' }], checkedAt };
}

/** The instructor's cookie, traded for the token as the page does. */
async function instructorCookie(server: RunningClassServer): Promise<string> {
  const res = await fetch(server.instructorUrl, { redirect: 'manual' });
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/');
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function snapshot(server: RunningClassServer): Promise<InstructorSnapshot> {
  const res = await fetch(`${server.learnerUrls[0]}/api/snapshot`, { headers: { cookie: await instructorCookie(server) } });
  expect(res.status).toBe(200);
  return (await res.json()) as InstructorSnapshot;
}

/** Polls real state, bounded. */
async function until<T>(what: string, find: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends raw bytes and returns the raw answer: for requests fetch refuses to make. */
function rawRequest(base: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(Number(port), hostname, () => socket.end(bytes));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('the class server', () => {
  let server: RunningClassServer;
  let base: string;
  const stateFile = join(scratch, 'class.json');

  beforeAll(async () => {
    ({ server, base } = await openClass(stateFile));
  });

  it('listens on loopback, with a join code and a separate long instructor token', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.code).toBe('TEST-CODE');
    expect(server.instructorUrl).toMatch(new RegExp(`^${base}/\\?token=[\\w-]{32}$`));
  });

  it('refuses a wrong or missing join code with 403 and stores nothing', async () => {
    expect((await post(base, '/api/join', { learner: 'mallory' }, 'WRONG-CODE')).status).toBe(403);
    expect((await post(base, '/api/reports', report('mallory'), 'TEST-COD')).status).toBe(403);
    expect((await post(base, '/api/reports', report('mallory'), '')).status).toBe(403);
    expect((await snapshot(server)).table.rows).toEqual([]);
  });

  it('takes a join and a report with the right code, typed loosely', async () => {
    const joined = await post(base, '/api/join', { learner: 'ada' }, ' test code ');
    expect(joined.status).toBe(200);
    expect(await joined.json()).toEqual({ learner: 'ada', outcome: 'joined' });
    const res = await post(base, '/api/reports', report('ada'), 'test-code');
    expect(res.status).toBe(200);
    const table = (await snapshot(server)).table;
    expect(table.rows.map((r) => r.learner)).toEqual(['ada']);
    expect(table.rows[0]!.cells['uts-namespace/look-around']?.status).toBe('pass');
    // Every step of the lab, in the lab's order, so the gaps show.
    const uts = (await loadLabOutlines(join(REPO_ROOT, 'labs'))).find((l) => l.id === 'uts-namespace')!;
    expect(table.labs).toEqual([uts]);
  });

  it('answers 413 to a body over the limit, declared or streamed, and goes on serving', async () => {
    const big = { ...report('ada'), checks: [{ title: 'x', status: 'pass', message: 'y'.repeat(MAX_REPORT_BYTES) }] };
    expect((await post(base, '/api/reports', big)).status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 64; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(1024)));
        controller.close();
      },
    });
    const streamed = await fetch(`${base}/api/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer TEST-CODE' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await post(base, '/api/reports', report('ada'))).status).toBe(200);
  });

  it('refuses malformed and hostile requests with the right status, and keeps running', async () => {
    expect((await post(base, '/api/reports', '{"learner": "ada", ')).status).toBe(400);
    expect((await post(base, '/api/reports', report('ada'), 'TEST-CODE', { 'Content-Type': 'text/plain' })).status).toBe(415);
    const transcript = await post(base, '/api/reports', { ...report('ada'), transcript: 'root@box# secret' });
    expect(transcript.status).toBe(422);
    expect(((await transcript.json()) as { error: string }).error).toContain('Unrecognized key');
    expect((await post(base, '/api/reports', { ...report('ada'), labId: '../../etc/passwd' })).status).toBe(422);
    expect((await post(base, '/api/reports', report('ada'), 'TEST-CODE', { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await fetch(`${base}/api/reports`)).status).toBe(405);
    expect((await fetch(`${base}/api/snapshot`, { method: 'DELETE' })).status).toBe(405);
    expect(await rawRequest(base, 'GARBAGE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawRequest(base, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
    expect(await rawRequest(base, 'POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Length: nonsense\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    // A body cut off halfway: the client hangs up, the server carries on.
    await rawRequest(base, 'POST /api/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer TEST-CODE\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"learner":');
    const cookie = await instructorCookie(server);
    expect((await fetch(`${base}/assets/%E0%A4%A`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${base}/assets/..%2F..%2Fclass.json`, { headers: { cookie } })).status).toBe(404);
    // A name that is special to JavaScript objects is only a name.
    expect((await post(base, '/api/reports', report('__proto__'))).status).toBe(200);
    const rows = (await snapshot(server)).table.rows.map((r) => r.learner);
    expect(rows).toEqual(['__proto__', 'ada']);
    expect(serverErrors).toEqual([]);
  });

  it('rate-limits each learner with 429 and Retry-After, not the others', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => post(base, '/api/reports', report('grace', `step-${i}`))));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(20);
    const limited = answers.find((r) => r.status === 429);
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await post(base, '/api/reports', report('alan'))).status).toBe(200);
  });

  it('lets only the instructor read the table: token, then cookie', async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/api/snapshot`)).status).toBe(401);
    expect((await fetch(`${base}/api/table.csv`, { headers: { cookie: 'nslab_instructor=TEST-CODE' } })).status).toBe(401);
    expect((await fetch(`${base}/?token=wrong`)).status).toBe(401);
    const cookie = await instructorCookie(server);
    const page = await fetch(`${base}/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await page.text()).toContain('nslab classroom');
    const csv = await fetch(`${base}/api/table.csv`, { headers: { cookie } });
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="nslab-class-\d{4}-\d\d-\d\d\.csv"$/);
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('learner,lab,lab_title,step,step_title,status,checked_at,problems');
    expect(lines.some((l) => l.startsWith('ada,uts-namespace,') && l.includes(',look-around,') && l.includes(',pass,'))).toBe(true);
  });

  it('streams a fresh snapshot to the instructor page when a report arrives', async () => {
    const res = await fetch(`${base}/api/events`, { headers: { cookie: await instructorCookie(server) } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const first = async () => {
      while (!text.includes('\n\n')) text += (await reader.read()).value ?? '';
    };
    await first();
    expect(text).toMatch(/^event: snapshot\ndata: \{/);
    expect(text).not.toContain('edsger');
    await post(base, '/api/reports', report('edsger'));
    while (!text.includes('"learner":"edsger"')) text += (await reader.read()).value ?? '';
    await reader.cancel();
  });

  it('keeps the table, the code and the instructor token across a restart, in a private file', async () => {
    const before = await snapshot(server);
    await server.close();
    running.splice(running.indexOf(server), 1);
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(stateFile, 'utf8')).not.toContain('transcript');
    const store = await ClassStore.open(stateFile);
    expect(store.code).toBe('TEST-CODE');
    const again = await startClassServer({ store, outlines: await loadLabOutlines(join(REPO_ROOT, 'labs')), rendererDir: renderer });
    running.push(again);
    expect(new URL(again.instructorUrl).searchParams.get('token')).toBe(new URL(server.instructorUrl).searchParams.get('token'));
    expect((await snapshot(again)).table).toEqual(before.table);
  });
});

describe('guessing the join code', () => {
  it('is slowed to 429 after ten wrong codes from one address, even for the right code', async () => {
    const { base } = await openClass(join(scratch, 'guess.json'));
    for (let i = 0; i < 10; i++) expect((await post(base, '/api/join', { learner: 'eve' }, `GUESS${i}`)).status).toBe(403);
    const refused = await post(base, '/api/join', { learner: 'eve' }, 'TEST-CODE');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the learner client', () => {
  it('says plainly when the code is wrong or the server is not there', async () => {
    const { base } = await openClass(join(scratch, 'client-a.json'));
    await expect(joinClass(base, 'NOPE-NOPE', 'ada')).rejects.toThrow(/refused the join code/);
    await expect(joinClass('127.0.0.1:1', 'TEST-CODE', 'ada')).rejects.toThrow(ClassroomError);
    await expect(joinClass(base, 'TEST-CODE', ' ')).rejects.toThrow(/your name/);
    await expect(joinClass('ftp://example', 'TEST-CODE', 'ada')).rejects.toThrow(/http/);
  });

  it('queues reports while the server is away and delivers them, in order, once it is back', async () => {
    const first = await openClass(join(scratch, 'client-b.json'));
    const port = Number(new URL(first.base).port);
    const client = await joinClass(first.base, 'TEST-CODE', 'ada', { backoffMs: 100 });
    await first.server.close();
    running.splice(running.indexOf(first.server), 1);
    // Meanwhile the port hangs up on every connection: the first sends fail and are retried.
    let hangUps = 0;
    const away = createTcpServer((socket) => {
      hangUps += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => away.listen(port, '127.0.0.1', resolve));
    client.report(report('ada', 'look-around', '2025-03-01T10:00:00Z'));
    client.report(report('ada', 'set-hostname', '2025-03-01T10:01:00Z'));
    await until('a failed send', async () => (hangUps >= 2 ? true : undefined));
    await new Promise<void>((resolve) => away.close(() => resolve()));
    const second = await openClass(join(scratch, 'client-b.json'), port);
    expect(await client.flush(15_000)).toBe(true);
    expect(client.stats).toEqual({ sent: 2, dropped: 0 });
    const row = (await snapshot(second.server)).table.rows[0]!;
    expect(Object.keys(row.cells)).toEqual(['uts-namespace/look-around', 'uts-namespace/set-hostname']);
    client.dispose();
  });

  it('drops a report the server refuses for good, and says so', async () => {
    const { base } = await openClass(join(scratch, 'client-c.json'));
    const problems: string[] = [];
    const client = await joinClass(base, 'TEST-CODE', 'ada', { onProblem: (m) => problems.push(m) });
    client.report({ ...report('ada'), labId: 'Not A Lab' });
    client.report(report('ada'));
    expect(await client.flush(10_000)).toBe(true);
    expect(client.stats).toEqual({ sent: 1, dropped: 1 });
    expect(problems[0]).toMatch(/Not A Lab\/look-around: HTTP 422/);
  });
});

describe('NslabService in a class', () => {
  it('reports each "Check my work" of a real lab box to the class', async () => {
    const { server, base } = await openClass(join(scratch, 'service.json'));
    const service = new NslabService({ labsDir: join(REPO_ROOT, 'labs'), progressFile: join(scratch, 'progress.json') });
    try {
      expect(await service.classroomStatus()).toBeNull();
      await expect(service.joinClass(base, 'wrong', 'ada')).rejects.toThrow(/join code/);
      expect(await service.joinClass(base, 'test-code', 'Ada L.')).toEqual({ url: base, learner: 'Ada L.' });
      expect(await service.classroomStatus()).toEqual({ url: base, learner: 'Ada L.' });
      expect((await service.startLab('uts-namespace')).status).toBe('ready');
      const grade = await service.checkStep('uts-namespace', 'look-around');
      expect(grade.status).toBe('fail');
      const cell = await until('the grade in the class table', async () => (await snapshot(server)).table.rows.find((r) => r.learner === 'Ada L.')?.cells['uts-namespace/look-around']);
      expect(cell.status).toBe('fail');
      expect(cell.problems[0]).toContain('/lab/hostname-before');
    } finally {
      await service.dispose();
    }
  });
});
