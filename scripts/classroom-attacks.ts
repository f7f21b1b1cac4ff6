// The attacks of issue 13 as load generators for `npm run bench`: a flood of
// made-up learners from one address, and slow connections (slowloris) from
// one address while a real learner joins. Loopback only, bounded in time.
import { connect as tcpConnect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { postToClass } from '../electron/classroom/class-transport';
import { joinClass } from '../electron/classroom/client';
import type { ClassReport } from '../electron/shared/classroom';

const STEPS = ['look-around', 'unshare-uts', 'set-hostname', 'leave'];

export interface FloodTally {
  /** reports the server acknowledged */
  reports: number;
  joined: number;
  refused: number;
  failed: number;
}

/**
 * `workers` loops from one address for `seconds`, each joining under a fresh
 * name and, when let in, reporting as fast as it is answered until refused.
 */
export async function flood(url: string, code: string, workers: number, seconds: number): Promise<FloodTally> {
  const tally: FloodTally = { reports: 0, joined: 0, refused: 0, failed: 0 };
  const until = performance.now() + seconds * 1000;
  let names = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (performance.now() < until) {
        const learner = `bot ${names++}`;
        try {
          const join = await postToClass({ url, code, learner }, '/api/join', { learner });
          if (join.status !== 200) {
            tally.refused += 1;
            continue;
          }
          tally.joined += 1;
          const secret = (join.body as { secret: string }).secret;
          for (let i = 0; performance.now() < until; i++) {
            const report: ClassReport = { labId: 'uts-namespace', stepId: STEPS[i % STEPS.length]!, checks: [{ title: 'flood', status: 'fail', message: 'x'.repeat(300) }] };
            const sent = await postToClass({ url, code, learner, secret }, '/api/reports', report);
            if (sent.status !== 200) {
              tally.refused += 1;
              break;
            }
            tally.reports += 1;
          }
        } catch {
          tally.failed += 1;
        }
      }
    }),
  );
  return tally;
}

/**
 * Keeps `count` connections open to `url` from this address, each sending one
 * more header line every `lineEveryMs` and never finishing its request; as
 * slowloris does, a connection the server closed is opened again at the next
 * round (`lineEveryMs` later). stop() ends them all.
 */
export function slowConnections(url: string, count: number, lineEveryMs: number): { opened: () => number; stop: () => void } {
  const { hostname, port } = new URL(url);
  const sockets = new Set<Socket>();
  let stopped = false;
  let opened = 0;
  const open = () => {
    if (stopped) return;
    opened += 1;
    const socket = tcpConnect(Number(port), hostname, () => socket.write(`POST /api/join HTTP/1.1\r\nHost: ${hostname}\r\n`));
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      setTimeout(open, lineEveryMs);
    });
  };
  for (let i = 0; i < count; i++) open();
  const trickle = setInterval(() => {
    for (const socket of sockets) if (socket.writable) socket.write(`X-Slow: ${Date.now()}\r\n`);
  }, lineEveryMs);
  return {
    opened: () => opened,
    stop: () => {
      stopped = true;
      clearInterval(trickle);
      for (const socket of sockets) socket.destroy();
    },
  };
}

/** How long a real learner's join takes, `tries` times, one after another; a failed join counts as Infinity, its reason in `failures`. */
export async function timeJoins(url: string, code: string, tries: number, names: string): Promise<{ times: number[]; failures: string[] }> {
  const times: number[] = [];
  const failures: string[] = [];
  for (let i = 0; i < tries; i++) {
    const started = performance.now();
    try {
      (await joinClass(url, code, `${names} ${i}`)).dispose();
      times.push(performance.now() - started);
    } catch (error) {
      times.push(Infinity);
      failures.push((error as Error).message);
    }
    await sleep(200);
  }
  return { times, failures };
}
