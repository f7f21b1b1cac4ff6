// The guest stage of `npm test`: boot the nslab guest (`nslab guest up`, the
// same command a learner runs) with the Kubernetes node disk attached (built
// first, once per version: kubelet from source, images offline), run test/guest
// against its engine (cgroup v2, --privileged allowed) and its node (a real
// kubelet joined to the test control plane, where the Kubernetes labs whose
// verdict depends on a kubelet are graded: a step of its own), then `nslab guest
// down` and prove nothing is left.
// Prints each stage's time and each lab's grading time, and keeps them in
// test-results/guest-stage.json.
//
// Where no guest can boot (no QEMU; a boot that fails), or the guest is too slow
// to finish within NSLAB_GUEST_BUDGET_MIN minutes (default 60: an emulated guest
// on a starved host), it says so plainly and exits 0, so the rest of the suite
// still counts; NSLAB_GUEST_REQUIRED=1 makes those failures instead.
import { existsSync } from 'node:fs';
import { findOnPath } from '../electron/env/kind/kind-tools';
import { guestRunFiles } from '../electron/env/guest/guest-paths';
import { processesMentioning } from '../electron/env/guest/guest-processes';
import { readGuestState } from '../electron/env/guest/guest-state';
import { stageRunner } from './stage-runner';

const BUDGET_MS = Number(process.env.NSLAB_GUEST_BUDGET_MIN ?? 60) * 60_000;
/** the real node's tests and the Kubernetes labs graded there: one cluster, one join */
const KUBE_NODE_TESTS = 'test/guest/kube-node.test.ts';
/**
 * Grades side by side on the node: most of a grade's time there is waiting (a
 * pod's sandbox, a 30 s grace period, a namespace's deletion), so three keep
 * the emulated node busy without queueing local-path's helper pods past their
 * timeouts (five did).
 */
const NODE_GRADES_AT_ONCE = 3;
const stage = stageRunner('guest stage', BUDGET_MS);
const { say, run, timed } = stage;
const report = (extra: Record<string, unknown>) => stage.report('guest-stage.json', extra);

async function main(): Promise<number> {
  const required = process.env.NSLAB_GUEST_REQUIRED === '1';
  if (!findOnPath('qemu-system-x86_64', process.env.PATH ?? '')) {
    say('SKIPPED: QEMU is not installed, so no guest can boot here (apt-get install qemu-system-x86 qemu-utils); the rest of the suite ran');
    return required ? 1 : 0;
  }
  const nslab = [process.execPath, 'bin/nslab.mjs'];
  // The node's binaries are minutes of Go on a fresh machine, seconds once cached.
  const node = await timed('node disk (kubelet, crictl, pause, busybox)', async () => {
    const bin = await run('bash', ['test/cluster/build-node.sh']);
    const disk = bin.code === 0 ? await run('bash', ['scripts/guest/build-node-disk.sh', bin.stdout.trim().split('\n').pop() ?? '']) : bin;
    return disk.code === 0 ? disk.stdout.trim().split('\n').pop() : undefined;
  });
  if (!node) say('the node disk could not be built (its reason is above): the guest boots without it, and the Kubernetes node tests fail');
  const up = await timed('guest up (image, boot, lab images)', () => run(nslab[0]!, [nslab[1]!, 'guest', 'up', ...(node ? ['--node-disk', node] : [])]));
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
    const vitest = [process.execPath, 'node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.guest.config.ts'] as const;
    const engine = await timed('tests on the guest', () => run(vitest[0], [...vitest.slice(1), '--exclude', KUBE_NODE_TESTS], env, true));
    // The Kubernetes labs on the real node, timed apart: the longest part of the stage.
    const kube = await timed('Kubernetes labs on the guest node', () =>
      run(vitest[0], [...vitest.slice(1), KUBE_NODE_TESTS, '--maxConcurrency', String(NODE_GRADES_AT_ONCE), '--outputFile.json=test-results/vitest-guest-node.json'], env, true),
    );
    code = engine.code || kube.code;
  } finally {
    await timed('guest down', () => run(nslab[0]!, [nslab[1]!, 'guest', 'down']));
  }
  const files = guestRunFiles();
  const left = await processesMentioning(files.dir);
  const leftovers = left.length > 0 || existsSync(files.dir) ? 1 : 0;
  if (leftovers) {
    say(`FAILED: guest down left ${left.length} processes (${left.join(', ')})${existsSync(files.dir) ? ` and ${files.dir}` : ''}`);
    code = 1;
  } else {
    say('guest down left no process, socket or disk layer');
  }
  report({ ran: true, outOfTime: stage.outOfTime, accel: state?.accel, bootSeconds: state?.bootSeconds, imagesLoadSeconds: state?.imagesLoadSeconds });
  if (stage.outOfTime) {
    say(`INCOMPLETE: the guest was too slow to finish its tests within ${BUDGET_MS / 60_000} min (the tests that finished are above); the rest of the suite ran`);
    return process.env.NSLAB_GUEST_REQUIRED === '1' ? 1 : code === 0 ? 0 : leftovers;
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
