// The class server on loopback with real sockets, a real log file and the
// real learner client: what it takes, what it refuses, what it keeps.
// What a hostile participant tries is classroom-abuse.test.ts's.
import { readFileSync, statSync } from 'node:fs';
import { createServer as createTcpServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NslabService } from '../../electron/app/nslab-service';
import type { RunningClassServer } from '../../electron/classroom/class-server';
import { ClassroomError, joinClass } from '../../electron/classroom/client';
import { loadLabOutlines } from '../../electron/classroom/lab-outlines';
import { LearnerSecrets } from '../../electron/classroom/learner-secrets';
import { MAX_REPORT_BYTES } from '../../electron/classroom/report-schema';
import { ClassBench, instructorCookie, joinAs, post, rawRequest, report, snapshot } from '../helpers/class-server';
import { until } from '../helpers/until';
import { REPO_ROOT } from '../helpers/cli';

const bench = new ClassBench();
afterAll(() => bench.close());

describe('the class server', () => {
  let server: RunningClassServer;
  let base: string;
  let ada: string;

  beforeAll(async () => {
    ({ server, base } = await bench.open('class.jsonl'));
  });

  it('listens on loopback, with a join code and a separate long instructor token', () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.code).toBe('TEST-CODE');
    expect(server.instructorUrl).toMatch(new RegExp(`^${base}/\\?token=[\\w-]{32}$`));
  });

  it('refuses a wrong or missing join code with 403 and stores nothing', async () => {
    expect((await post(base, '/api/join', { learner: 'mallory' }, { code: 'WRONG-CODE' })).status).toBe(403);
    expect((await post(base, '/api/reports', report(), { code: 'TEST-COD' })).status).toBe(403);
    expect((await post(base, '/api/reports', report(), { code: '' })).status).toBe(403);
    expect((await snapshot(server)).table.rows).toEqual([]);
  });

  it('takes a join with the right code, typed loosely, and hands out the learner secret once', async () => {
    const joined = await post(base, '/api/join', { learner: 'ada' }, { code: ' test code ' });
    expect(joined.status).toBe(200);
    const body = (await joined.json()) as { secret: string };
    expect(body).toEqual({ learner: 'ada', outcome: 'joined', secret: expect.stringMatching(/^[\w-]{32}$/) });
    ada = body.secret;
    // The same app joins again with its secret, and is told nothing new.
    expect(await (await post(base, '/api/join', { learner: 'ada', secret: ada })).json()).toEqual({ learner: 'ada', outcome: 'rejoined' });
  });

  it('takes a report with the code and the secret, under the secret\'s name', async () => {
    const res = await post(base, '/api/reports', report(), { code: 'test-code', secret: ada });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ learner: 'ada', outcome: 'applied' });
    const table = (await snapshot(server)).table;
    expect(table.rows.map((r) => r.learner)).toEqual(['ada']);
    expect(table.rows[0]!.cells['uts-namespace/look-around']?.status).toBe('pass');
    // Every step of the lab, in the lab's order, so the gaps show.
    const uts = (await loadLabOutlines(join(REPO_ROOT, 'labs'))).find((l) => l.id === 'uts-namespace')!;
    expect(table.labs).toEqual([uts]);
  });

  it('refuses a lab or a step the class does not have, saying which it has', async () => {
    const lab = await post(base, '/api/reports', { ...report(), labId: 'no-such-lab' }, { secret: ada });
    expect(lab.status).toBe(422);
    expect(((await lab.json()) as { error: string }).error).toMatch(/no lab "no-such-lab"; its labs: .*uts-namespace/);
    const step = await post(base, '/api/reports', report('no-such-step'), { secret: ada });
    expect(step.status).toBe(422);
    expect(((await step.json()) as { error: string }).error).toMatch(/uts-namespace has no step "no-such-step"; its steps: look-around/);
  });

  it('answers 413 to a body over the limit, declared or streamed, and goes on serving', async () => {
    const big = { ...report(), checks: [{ title: 'x', status: 'pass', message: 'y'.repeat(MAX_REPORT_BYTES) }] };
    expect((await post(base, '/api/reports', big, { secret: ada })).status).toBe(413);
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 64; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(1024)));
        controller.close();
      },
    });
    const streamed = await fetch(`${base}/api/reports`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer TEST-CODE', 'X-Nslab-Learner-Secret': ada },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect((await post(base, '/api/reports', report(), { secret: ada })).status).toBe(200);
  });

  it('refuses malformed and hostile requests with the right status, and keeps running', async () => {
    expect((await post(base, '/api/reports', '{"labId": "uts-namespace", ', { secret: ada })).status).toBe(400);
    expect((await post(base, '/api/reports', report(), { secret: ada, headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);
    const transcript = await post(base, '/api/reports', { ...report(), transcript: 'root@box# secret' }, { secret: ada });
    expect(transcript.status).toBe(422);
    expect(((await transcript.json()) as { error: string }).error).toContain('Unrecognized key');
    expect((await post(base, '/api/reports', { ...report(), labId: '../../etc/passwd' }, { secret: ada })).status).toBe(422);
    expect((await post(base, '/api/reports', report(), { secret: ada, headers: { Origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(`${base}/api/reports`)).status).toBe(405);
    expect((await fetch(`${base}/api/snapshot`, { method: 'DELETE' })).status).toBe(405);
    expect(await rawRequest(base, 'GARBAGE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawRequest(base, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 431/);
    expect(await rawRequest(base, 'POST /api/reports HTTP/1.1\r\nHost: x\r\nContent-Length: nonsense\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    // A body cut off halfway: the client hangs up, the server carries on.
    await rawRequest(base, `POST /api/reports HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer TEST-CODE\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"labId":`);
    const cookie = await instructorCookie(server);
    expect((await fetch(`${base}/assets/%E0%A4%A`, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(`${base}/assets/..%2F..%2Fclass.jsonl`, { headers: { cookie } })).status).toBe(404);
    // A name that is special to JavaScript objects is only a name.
    expect((await post(base, '/api/reports', report(), { secret: await joinAs(base, '__proto__') })).status).toBe(200);
    expect((await snapshot(server)).table.rows.map((r) => r.learner)).toEqual(['__proto__', 'ada']);
    expect(bench.serverErrors).toEqual([]);
  });

  it('rate-limits each learner with 429 and Retry-After, not the others', async () => {
    const grace = await joinAs(base, 'grace');
    const steps = ['look-around', 'unshare-uts', 'set-hostname', 'leave'];
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => post(base, '/api/reports', report(steps[i % 4]), { secret: grace })));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(20);
    const limited = answers.find((r) => r.status === 429);
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await post(base, '/api/reports', report(), { secret: ada })).status).toBe(200);
  });

  it('lets only the instructor read the table: token, then a cookie named after the port', async () => {
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

  it('streams the table once to the instructor page, then only the rows that changed', async () => {
    const res = await fetch(`${base}/api/events`, { headers: { cookie: await instructorCookie(server) } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes('\n\n')) text += (await reader.read()).value ?? '';
    expect(text).toMatch(/^event: snapshot\ndata: \{/);
    expect(text).not.toContain('edsger');
    const edsger = await joinAs(base, 'edsger');
    await post(base, '/api/reports', report(), { secret: edsger });
    while (!/event: change\ndata: .*"learner":"edsger".*"look-around"/.test(text)) text += (await reader.read()).value ?? '';
    await reader.cancel();
    const changes = text.split('\n\n').filter((e) => e.startsWith('event: change'));
    // Only edsger's row: ada, grace and __proto__ are not sent again.
    for (const change of changes) expect(change).not.toContain('"learner":"ada"');
  });

  it('keeps the table, the code and the instructor token across a restart, in a private file without secrets', async () => {
    const before = await snapshot(server);
    await bench.stop(server);
    const stateFile = join(bench.scratch, 'class.jsonl');
    expect(statSync(stateFile).mode & 0o777).toBe(0o600);
    const text = readFileSync(stateFile, 'utf8');
    expect(text).not.toContain('transcript');
    expect(text).not.toContain(ada);
    const again = await bench.open('class.jsonl');
    expect(new URL(again.server.instructorUrl).searchParams.get('token')).toBe(new URL(server.instructorUrl).searchParams.get('token'));
    expect((await snapshot(again.server)).table).toEqual(before.table);
    // The learner's secret still works after the restart.
    expect((await post(again.base, '/api/reports', report('leave'), { secret: ada })).status).toBe(200);
  });
});

describe('the learner client', () => {
  const secrets = () => new LearnerSecrets(join(bench.scratch, `secrets-${Math.random()}.json`));

  it('says plainly when the code is wrong or the server is not there', async () => {
    const { base } = await bench.open('client-a.jsonl');
    await expect(joinClass(base, 'NOPE-NOPE', 'ada')).rejects.toThrow(/refused the join code/);
    await expect(joinClass('127.0.0.1:1', 'TEST-CODE', 'ada')).rejects.toThrow(ClassroomError);
    await expect(joinClass(base, 'TEST-CODE', ' ')).rejects.toThrow(/your name/);
    await expect(joinClass('ftp://example', 'TEST-CODE', 'ada')).rejects.toThrow(/http/);
  });

  it('remembers its secret, so the same learner joins again, and another app cannot', async () => {
    const { base } = await bench.open('client-d.jsonl');
    const mine = secrets();
    (await joinClass(base, 'TEST-CODE', 'ada', { secrets: mine })).dispose();
    expect(statSync(mine.file).mode & 0o777).toBe(0o600);
    (await joinClass(base, 'TEST-CODE', 'ada', { secrets: mine })).dispose();
    await expect(joinClass(base, 'TEST-CODE', 'ada', { secrets: secrets() })).rejects.toThrow(/HTTP 409.*ada.*another name/);
  });

  it('queues reports while the server is away and delivers them, in order, once it is back', async () => {
    const first = await bench.open('client-b.jsonl');
    const port = Number(new URL(first.base).port);
    const client = await joinClass(first.base, 'TEST-CODE', 'ada', { backoffMs: 100 });
    await bench.stop(first.server);
    // Meanwhile the port hangs up on every connection: the first sends fail and are retried.
    let hangUps = 0;
    const away = createTcpServer((socket) => {
      hangUps += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => away.listen(port, '127.0.0.1', resolve));
    client.report(report('look-around'));
    client.report(report('set-hostname'));
    await until('a failed send', async () => (hangUps >= 2 ? true : undefined));
    await new Promise<void>((resolve) => away.close(() => resolve()));
    const second = await bench.open('client-b.jsonl', { port });
    expect(await client.flush(15_000)).toBe(true);
    expect(client.stats).toEqual({ sent: 2, dropped: 0 });
    const row = (await snapshot(second.server)).table.rows[0]!;
    expect(Object.keys(row.cells)).toEqual(['uts-namespace/look-around', 'uts-namespace/set-hostname']);
    client.dispose();
  });

  it('joins again by itself when the class was started afresh, and keeps the new secret', async () => {
    const first = await bench.open('client-e.jsonl');
    const port = Number(new URL(first.base).port);
    const mine = secrets();
    const client = await joinClass(first.base, 'TEST-CODE', 'ada', { secrets: mine });
    const before = await mine.get(first.base, 'ada');
    await bench.stop(first.server);
    const fresh = await bench.open('client-e-fresh.jsonl', { port });
    client.report(report());
    expect(await client.flush(10_000)).toBe(true);
    expect(client.stats).toEqual({ sent: 1, dropped: 0 });
    expect((await snapshot(fresh.server)).table.rows.map((r) => r.learner)).toEqual(['ada']);
    expect(await mine.get(first.base, 'ada')).not.toBe(before);
    client.dispose();
  });

  it('drops a report the server refuses for good, and says so', async () => {
    const { base } = await bench.open('client-c.jsonl');
    const problems: string[] = [];
    const client = await joinClass(base, 'TEST-CODE', 'ada', { onProblem: (m) => problems.push(m) });
    client.report({ ...report(), labId: 'Not A Lab' });
    client.report(report());
    expect(await client.flush(10_000)).toBe(true);
    expect(client.stats).toEqual({ sent: 1, dropped: 1 });
    expect(problems[0]).toMatch(/Not A Lab\/look-around: HTTP 422/);
  });
});

describe('NslabService in a class', () => {
  it('reports each "Check my work" of a real lab box to the class', async () => {
    const { server, base } = await bench.open('service.jsonl');
    const service = new NslabService({
      labsDir: join(REPO_ROOT, 'labs'),
      progressFile: join(bench.scratch, 'progress.json'),
      classSecretsFile: join(bench.scratch, 'service-secrets.json'),
    });
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
