// `nslab serve --backend kubernetes` against a real API server (the test
// control plane; kwok plays the kubelet, so a box pod "runs" but cannot be
// exec'ed into: the learners here get as far as their box being made and
// removed again; the real node's test runs them through a lab). Simulated
// browser learners on loopback join through the page's form with the class
// code, get the app over the WebSocket with their cookie (a session token, not
// the classroom secret, which only their seat holds), appear in the
// instructor's table; what would act on the server itself is refused; and
// `nslab cleanup --kubeconfig` then finds nothing left.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstructorSnapshot } from '../../electron/shared/classroom';
import type { RequirementStatus, SessionInfo, TerminalInfo } from '../../electron/shared/api';
import type { StepGrade } from '../../electron/shared/grade';
import { BrowserLearner, joinInBrowser } from '../helpers/browser-learner';
import { post, report } from '../helpers/class-server';
import { runCli, startNslab, type NslabProcess } from '../helpers/cli';
import { startControlPlane, type TestCluster } from './control-plane';

interface Printed {
  learners: string;
  instructor: string;
}

const CODE = 'K8SCLASS1';
let cluster: TestCluster;
let serve: NslabProcess<Printed>;
let state: string;

beforeAll(async () => {
  cluster = await startControlPlane();
  state = mkdtempSync(join(tmpdir(), 'nslab-serve-class-'));
  serve = await startNslab(
    ['serve', '--backend', 'kubernetes', '--kubeconfig', cluster.kubeconfig, '--state', state, '--code', CODE, '--hostname', 'Class.Example'],
    (out) => {
      const learners = /learners open:\s+(\S+)/.exec(out)?.[1];
      const instructor = /instructor page:\s+(\S+)/.exec(out)?.[1];
      return learners && instructor ? { learners, instructor } : undefined;
    },
    { timeoutMs: 60_000 },
  );
}, 20 * 60_000);
afterAll(async () => {
  await serve?.stop();
  await cluster?.stop();
  rmSync(state, { recursive: true, force: true });
});

async function instructorSnapshot(): Promise<InstructorSnapshot> {
  const trade = await fetch(serve.ready.instructor, { redirect: 'manual' });
  const cookie = trade.headers.get('set-cookie')!.split(';')[0]!;
  const res = await fetch(new URL('/api/snapshot', serve.ready.instructor), { headers: { cookie } });
  return (await res.json()) as InstructorSnapshot;
}

/** The status line of a request with a Host header of our choosing (fetch will not send one), a WebSocket upgrade when `cookie` is given. */
function statusAsHost(base: string, host: string, cookie?: string): Promise<string> {
  const headers: Record<string, string> = cookie
    ? { Host: host, cookie, Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' }
    : { Host: host };
  return new Promise((resolve, reject) => {
    const req = request(new URL(cookie ? '/ws' : '/', base), { headers }, (res) => {
      res.resume();
      resolve(String(res.statusCode));
    });
    // Node hands an answered upgrade (101) to 'upgrade' and a refused one's raw status line to 'response'.
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(String(res.statusCode));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('nslab serve --backend kubernetes', () => {
  it("answers only to its own addresses and the --hostname given, not to a rebound DNS name, on the learners' and the instructor's server", async () => {
    for (const base of [serve.ready.learners, serve.ready.instructor]) {
      const { port } = new URL(base);
      expect(await statusAsHost(base, `evil.example:${port}`)).toBe('421');
      expect(await statusAsHost(base, `127.0.0.1:${Number(port) + 1}`)).toBe('421');
      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `class.example:${port}`]) expect(await statusAsHost(base, host)).not.toBe('421');
    }
    // A rebound page holding the learner's cookie gets no WebSocket either.
    const { cookie } = await joinInBrowser(serve.ready.learners, CODE, 'Cy');
    const { port } = new URL(serve.ready.learners);
    expect(await statusAsHost(serve.ready.learners, `evil.example:${port}`, cookie!)).toBe('421');
  });


  it('shows a join page, refuses a wrong code and a taken name, and lets a learner in with the code', async () => {
    const page = await fetch(serve.ready.learners);
    expect(await page.text()).toContain('<form method="post" action="/join">');
    const wrong = await joinInBrowser(serve.ready.learners, 'WRONG-CODE', 'Ana');
    expect(wrong.status).toBe(403);
    expect(wrong.body).toContain('wrong join code');
    const joined = await joinInBrowser(serve.ready.learners, CODE.toLowerCase(), 'Ana');
    expect(joined.status).toBe(303);
    expect(joined.cookie).toMatch(/^nslab_learner_\d+=/);
    const again = await joinInBrowser(serve.ready.learners, CODE, 'Ana');
    expect(again.status).toBe(409);
    const app = await fetch(serve.ready.learners, { headers: { cookie: joined.cookie! } });
    expect(await app.text()).toContain('<div id="app"');
    expect((await instructorSnapshot()).table.rows.map((r) => r.learner)).toContain('Ana');
  });

  it("keeps the classroom secret from the browser: a learner's cookie posts no grade, and the class server takes new names only from the page", async () => {
    const { cookie } = await joinInBrowser(serve.ready.learners, CODE, 'Fay');
    const token = cookie!.slice(cookie!.indexOf('=') + 1);
    const classBase = new URL(serve.ready.instructor).origin;
    const forged = await post(classBase, '/api/reports', report('look-around', 'pass'), { code: CODE, secret: token });
    expect(forged.status).toBe(401);
    // An app joining the class server itself would hold a secret the seats do not: refused.
    const direct = await post(classBase, '/api/join', { learner: 'Gus' }, { code: CODE });
    expect(direct.status).toBe(403);
    const rows = (await instructorSnapshot()).table.rows;
    expect(rows.map((r) => r.learner)).not.toContain('Gus');
    expect(rows.find((r) => r.learner === 'Fay')?.cells['uts-namespace/look-around']).toBeUndefined();
  });

  it('refuses the WebSocket without a learner cookie', async () => {
    await expect(BrowserLearner.connect(serve.ready.learners, 'nslab_learner_1=forged')).rejects.toThrow(/401/);
  });

  it("serves each learner's app, makes their box a pod in their namespace, and refuses what would act on the server", async () => {
    const { cookie } = await joinInBrowser(serve.ready.learners, CODE, 'Bea');
    const bea = await BrowserLearner.connect(serve.ready.learners, cookie!);
    try {
      const status = await bea.call<RequirementStatus[]>('environmentStatus');
      expect(status.find((r) => r.requirement === 'kubernetes')?.met).toBe(true);
      expect(await bea.call('classroomStatus')).toMatchObject({ learner: 'Bea' });
      await expect(bea.call('joinClass', 'http://127.0.0.1:1', 'X', 'Bea', '')).rejects.toThrow(/not offered/);
      await expect(bea.call('createCluster')).rejects.toThrow(/not offered/);
      // kwok runs no container: the box pod is made, cannot be set up, and is removed again.
      const session = await bea.call<SessionInfo>('startLab', 'uts-namespace');
      expect(session.status).toBe('failed');
    } finally {
      bea.close();
    }
  }, 240_000);

  it("runs each learner's Kubernetes labs in a namespace of their own: their terminal's kubectl is there, and their grades reach the table", async () => {
    const namespaces: string[] = [];
    for (const name of ['Dee', 'Eve']) {
      const { cookie } = await joinInBrowser(serve.ready.learners, CODE, name);
      const learner = await BrowserLearner.connect(serve.ready.learners, cookie!);
      try {
        const session = await learner.call<SessionInfo>('startLab', 'static-pv-binding');
        expect(session.status, session.error).toBe('ready');
        const namespace = /kubernetes namespace (nslab-[a-z0-9-]+)/.exec(session.environment)?.[1];
        expect(namespace).toMatch(new RegExp(`^nslab-${name.toLowerCase()}-[0-9a-f]{16}$`));
        namespaces.push(namespace!);
        // The terminal is the tools box's shell, holding the learner's own kubeconfig, set to their namespace.
        let output = '';
        let terminalId = '';
        learner.onEvent((event) => {
          if (event.type === 'terminal-data' && event.terminalId === terminalId) output += event.data;
        });
        terminalId = (await learner.call<{ terminal: TerminalInfo }>('openTerminal', 'static-pv-binding', 0, 100, 30)).terminal.id;
        await learner.call('writeTerminal', terminalId, "kubectl config view --minify -o jsonpath='ns={..namespace}'; echo\r");
        const deadline = Date.now() + 60_000;
        while (!output.includes(`ns=${namespace}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
        expect(output).toContain(`ns=${namespace}`);
        const grade = await learner.call<StepGrade>('checkStep', 'static-pv-binding', 'make-volumes');
        expect(grade.status).toBe('fail');
        expect(grade.checks[0]!.message).toMatch(/pv-1g/);
        await learner.call('stopLab', 'static-pv-binding');
      } finally {
        learner.close();
      }
    }
    expect(namespaces[0]).not.toBe(namespaces[1]);
    // Reports are sent after the grade is answered: the table is polled, bounded.
    const cell = (rows: InstructorSnapshot['table']['rows'], name: string) => rows.find((r) => r.learner === name)?.cells['static-pv-binding/make-volumes']?.status;
    const deadline = Date.now() + 30_000;
    let rows = (await instructorSnapshot()).table.rows;
    while (!(cell(rows, 'Dee') && cell(rows, 'Eve')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      rows = (await instructorSnapshot()).table.rows;
    }
    for (const name of ['Dee', 'Eve']) expect(cell(rows, name)).toBe('fail');
  }, 300_000);

  it('leaves nothing on the cluster once stopped and cleaned up', async () => {
    expect(await serve.stop()).toBe(0);
    const dry = await runCli(['cleanup', '--kubeconfig', cluster.kubeconfig, '--dry-run']);
    expect(dry.stdout).toMatch(/would remove namespace nslab-box-bea-[0-9a-f]{16}/);
    expect((await runCli(['cleanup', '--kubeconfig', cluster.kubeconfig])).code).toBe(0);
    expect((await runCli(['cleanup', '--kubeconfig', cluster.kubeconfig, '--dry-run'])).stdout).toContain('nothing to clean up');
  }, 240_000);
});
