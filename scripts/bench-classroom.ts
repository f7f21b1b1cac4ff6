// npm run bench (classroom part): 30 simulated learners report to a real
// `nslab classroom` process on loopback for 60 s, each as fast as its rate
// limit lets a learner (80 % of it). Counts what the server acknowledged
// against what its table holds, live and after a restart from its state file.
// Then the attacks of issue 13 against a fresh class: a flood of made-up
// learners from one address (reports/s, state size after it), and a thousand
// slow connections from one address while real learners join (join time).
// Prints numbers only.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LEARNER_RULE } from '../electron/classroom/class-routes';
import { postToClass, type ClassConnection } from '../electron/classroom/class-transport';
import type { ClassReport, InstructorSnapshot } from '../electron/shared/classroom';
import { startClassroom, type ClassroomProcess } from '../test/helpers/classroom';
import { latencyRow, percentile } from './bench-stats';
import { flood, slowConnections, timeJoins } from './classroom-attacks';

const LEARNERS = Number(process.env.NSLAB_BENCH_LEARNERS ?? 30);
const SECONDS = Number(process.env.NSLAB_BENCH_CLASS_SECONDS ?? 60);
const PER_SECOND = LEARNER_RULE.perSecond * 0.8;
const STEPS = ['look-around', 'unshare-uts', 'set-hostname', 'leave'];
const FLOOD_SECONDS = Number(process.env.NSLAB_BENCH_FLOOD_SECONDS ?? 20);
const SLOW_CONNECTIONS = 1_000;

interface Tally {
  acknowledged: number;
  refused: number;
  failed: number;
  latencies: number[];
}

async function learner(connection: ClassConnection, until: number, tally: Tally): Promise<void> {
  const joined = await postToClass(connection, '/api/join', { learner: connection.learner });
  if (joined.status !== 200) throw new Error(`${connection.learner} could not join: HTTP ${joined.status}`);
  connection.secret = (joined.body as { secret: string }).secret;
  const start = performance.now();
  for (let i = 0; performance.now() < until; i++) {
    const report: ClassReport = {
      labId: 'uts-namespace',
      stepId: STEPS[i % STEPS.length]!,
      checks: [{ title: 'the hostname is lab-a', status: i % 3 ? 'pass' : 'fail', message: i % 3 ? 'OK' : 'expected "lab-a", found "nslab-box"' }],
    };
    const sent = performance.now();
    try {
      const result = await postToClass(connection, '/api/reports', report);
      tally.latencies.push(performance.now() - sent);
      if (result.status === 200) tally.acknowledged += 1;
      else tally.refused += 1;
    } catch {
      tally.failed += 1;
    }
    // Paced, not waiting on state: a learner's next check comes at its own time.
    const next = start + ((i + 1) * 1000) / PER_SECOND;
    if (next > performance.now()) await sleep(next - performance.now());
  }
}

async function storedReports(classroom: ClassroomProcess): Promise<number> {
  const login = await fetch(classroom.instructorUrl, { redirect: 'manual' });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const snapshot = (await (await fetch(`${classroom.learnerUrl}/api/snapshot`, { headers: { cookie } })).json()) as InstructorSnapshot;
  return snapshot.table.rows.reduce((sum, row) => sum + row.reports, 0);
}

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'nslab-bench-class-'));
  const stateFile = join(scratch, 'class.json');
  let classroom = await startClassroom(stateFile);
  try {
    const tally: Tally = { acknowledged: 0, refused: 0, failed: 0, latencies: [] };
    const began = performance.now();
    const until = began + SECONDS * 1000;
    await Promise.all(Array.from({ length: LEARNERS }, (_, i) => learner({ url: classroom.learnerUrl, code: classroom.code, learner: `learner ${i + 1}` }, until, tally)));
    const elapsed = (performance.now() - began) / 1000;
    const stored = await storedReports(classroom);
    await classroom.stop();
    classroom = await startClassroom(stateFile);
    const storedAfterRestart = await storedReports(classroom);
    const sent = tally.acknowledged + tally.refused + tally.failed;

    console.log(`nslab bench — class server on loopback, ${LEARNERS} learners × ${SECONDS} s at ${PER_SECOND}/s each`);
    console.log(`reports sent ${sent}, acknowledged ${tally.acknowledged}, refused ${tally.refused}, failed ${tally.failed}`);
    console.log(`throughput ${(tally.acknowledged / elapsed).toFixed(1)} reports/s`);
    console.log(latencyRow('report round trip (stored on disk)', tally.latencies, 1));
    console.log(`stored ${stored} (after restart ${storedAfterRestart}); lost ${tally.acknowledged - stored} (after restart ${tally.acknowledged - storedAfterRestart})`);
  } finally {
    await classroom.stop();
  }
  try {
    await attacks(scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function attacks(scratch: string): Promise<void> {
  const flooded = await startClassroom(join(scratch, 'flooded.jsonl'));
  try {
    const tally = await flood(flooded.learnerUrl, flooded.code, 50, FLOOD_SECONDS);
    console.log(`flood from one address, 50 workers × ${FLOOD_SECONDS} s of new names and reports:`);
    console.log(
      `  reports stored ${(tally.reports / FLOOD_SECONDS).toFixed(1)}/s, refused ${(tally.refused / FLOOD_SECONDS).toFixed(0)}/s, learners let in ${tally.joined}, connection failures ${tally.failed}`,
    );
    console.log(`  state file after the flood ${(statSync(join(scratch, 'flooded.jsonl')).size / 1024).toFixed(0)} KiB`);
  } finally {
    await flooded.stop();
  }
  // A class of its own: the flood above spent this address's allowance of new names.
  const attacked = await startClassroom(join(scratch, 'slowloris.jsonl'));
  try {
    const { times: baseline } = await timeJoins(attacked.learnerUrl, attacked.code, 5, 'learner before the attack');
    const attack = slowConnections(attacked.learnerUrl, SLOW_CONNECTIONS, 2_000);
    // Let the attack fill the server's connections before anyone joins.
    await sleep(3_000);
    const { times: during, failures } = await timeJoins(attacked.learnerUrl, attacked.code, 20, 'learner during the attack');
    attack.stop();
    const joined = during.filter((t) => t !== Infinity);
    console.log(`${SLOW_CONNECTIONS} slow connections from one address (a header line every 2 s, reopened when closed; ${attack.opened()} opened):`);
    console.log(latencyRow('  join, no attack', baseline, 1));
    const failed = `failed ${during.length - joined.length} of ${during.length}`;
    console.log(joined.length ? `${latencyRow('  join during the attack', joined, 1)}   max ${percentile(joined, 100).toFixed(1)} ms, ${failed}` : `  join during the attack: ${failed}`);
    for (const why of new Set(failures)) console.log(`    failed: ${why}`);
  } finally {
    await attacked.stop();
  }
}

await main();
