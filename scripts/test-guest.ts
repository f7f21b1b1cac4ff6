// The guest stage of `npm test`: boot the nslab guest (`nslab guest up`, the
// same command a learner runs), run test/guest against its engine (cgroup v2,
// --privileged allowed), then `nslab guest down` and prove nothing is left.
// Prints each stage's time and each lab's grading time, and keeps them in
// test-results/guest-stage.json.
//
// Where no guest can boot (no QEMU; a boot that fails), it says so plainly and
// exits 0, so the rest of the suite still counts; NSLAB_GUEST_REQUIRED=1 makes
// that a failure instead.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { findOnPath } from '../electron/env/kind/kind-tools';
import { guestRunFiles } from '../electron/env/guest/guest-paths';
import { processesMentioning } from '../electron/env/guest/guest-processes';
import { readGuestState } from '../electron/env/guest/guest-state';

const stages: Record<string, number> = {};
const labTimes: Record<string, number> = {};

function say(line: string): void {
  process.stdout.write(`guest stage: ${line}\n`);
}

/** Runs a command with its output passed through, reading lab-time lines from stderr. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      process.stdout.write(chunk);
    });
    createInterface({ input: child.stderr }).on('line', (line) => {
      process.stderr.write(`${line}\n`);
      const m = /^lab-time: labs\/([\w-]+) (\S+) ([\d.]+) s$/.exec(line);
      if (m) labTimes[`${m[1]} ${m[2] === '--solve' ? 'solution' : m[2]!.split('/').pop()}`] = Number(m[3]);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

async function timed<T>(stage: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await work();
  } finally {
    stages[stage] = (Date.now() - started) / 1000;
    say(`${stage}: ${stages[stage]!.toFixed(0)} s`);
  }
}

function report(extra: Record<string, unknown>): void {
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/guest-stage.json', `${JSON.stringify({ stages, labTimes, ...extra }, null, 2)}\n`);
  const slowest = Object.entries(labTimes).sort((a, b) => b[1] - a[1]);
  if (slowest.length > 0) {
    say(`per-lab grading times (s): ${slowest.map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')}`);
  }
}

async function main(): Promise<number> {
  const required = process.env.NSLAB_GUEST_REQUIRED === '1';
  if (!findOnPath('qemu-system-x86_64', process.env.PATH ?? '')) {
    say('SKIPPED: QEMU is not installed, so no guest can boot here (apt-get install qemu-system-x86 qemu-utils); the rest of the suite ran');
    return required ? 1 : 0;
  }
  const nslab = [process.execPath, 'bin/nslab.mjs'];
  const up = await timed('guest up (image, boot, lab images)', () => run(nslab[0]!, [nslab[1]!, 'guest', 'up']));
  const dockerHost = up.stdout.trim().split('\n').pop() ?? '';
  if (up.code !== 0 || !dockerHost.startsWith('unix://')) {
    say(`NOT RUN: the guest did not come up here (exit ${up.code}; its reason is above); the rest of the suite ran`);
    await run(nslab[0]!, [nslab[1]!, 'guest', 'down']);
    report({ ran: false });
    return required ? 1 : 0;
  }
  const state = await readGuestState(guestRunFiles().state);
  say(`guest on ${state?.accel}: booted in ${state?.bootSeconds?.toFixed(0)} s, lab images loaded in ${state?.imagesLoadSeconds?.toFixed(0)} s`);
  let code = 1;
  try {
    const env = { DOCKER_HOST: dockerHost, NSLAB_GUEST_DOCKER_HOST: dockerHost };
    code = (await timed('tests on the guest', () => run(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.guest.config.ts'], env))).code;
  } finally {
    await timed('guest down', () => run(nslab[0]!, [nslab[1]!, 'guest', 'down']));
  }
  const files = guestRunFiles();
  const left = await processesMentioning(files.dir);
  if (left.length > 0 || existsSync(files.dir)) {
    say(`FAILED: guest down left ${left.length} processes (${left.join(', ')})${existsSync(files.dir) ? ` and ${files.dir}` : ''}`);
    code = 1;
  } else {
    say('guest down left no process, socket or disk layer');
  }
  report({ ran: true, accel: state?.accel, bootSeconds: state?.bootSeconds, imagesLoadSeconds: state?.imagesLoadSeconds });
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
