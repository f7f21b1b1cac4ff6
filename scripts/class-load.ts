// npm run test:class -- --guest-node | --kubeconfig FILE [--context NAME]: a
// class of simulated browser learners (10 by default, NSLAB_CLASS_LEARNERS, at
// most 40) through a real `nslab serve --backend kubernetes` on loopback.
// --guest-node: on the test control plane with the nslab guest's real node
// (startTestCluster({ node: 'guest' }): the guest booted with the node disk
// unless one runs already, its kubelet joined, nslab/box:1 imported from the
// guest's engine into the node's containerd; all of it stopped at the end, the
// guest powered off when this run booted it). --kubeconfig: any cluster whose
// nodes run containers and have nslab/box:1 (kwok runs no container, so it
// cannot take this). Each learner joins with the class code through the join
// page's form, opens uts-namespace, types its solution keystroke by keystroke
// into its terminal (an exec stream into its pod) and checks every step.
// --stagger-seconds N: learner i joins i×N s after the first (a room whose
// learners arrive over a few minutes; an emulated node that starts ten pods at
// once spends its time in contention); each learner keeps its app and box open
// until the last has finished, so all of them are in the class at once.
// --box-start-seconds N: the server's start budget per box (default: 900 on
// the guest's emulated node, the server's own elsewhere). Then:
// every grade must be in the instructor's table, and after the server stops
// `nslab cleanup --kubeconfig` must find nothing left. Exits 1 when any of that
// fails. Prints the figures: join → ready terminal, keystroke echo, check
// latency, memory per learner (the server's and the pod's).
// On a failure with the guest's node, the node's kubelet and containerd errors
// are printed too. Bounded: the learners, 20 minutes for the class plus the
// stagger (the guest's join and image import before it have their own bounds),
// loopback and the cluster only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { KubeBoxCluster } from '../electron/env/kube-box/pod-box';
import { execInPod } from '../electron/env/kube-box/pod-exec';
import { boxNamespaceName, boxPodName } from '../electron/env/kube-box/pod-spec';
import { loadLab } from '../electron/labs/loader';
import { learnerKey } from '../electron/server/learner-key';
import type { SessionInfo, TerminalInfo } from '../electron/shared/api';
import type { StepGrade } from '../electron/shared/grade';
import type { InstructorSnapshot } from '../electron/shared/classroom';
import type { Lab } from '../electron/shared/lab';
import { BrowserLearner, joinInBrowser } from '../test/helpers/browser-learner';
import { REPO_ROOT, runCli, startNslab } from '../test/helpers/cli';
import { importEngineImage, type ClusterNode } from '../test/cluster/guest-node';
import { startTestCluster, type LabCluster } from '../test/cluster/test-cluster';
import { DEFAULT_BOX_IMAGE } from '../electron/env/docker/engine';
import { latencyRow } from './bench-stats';

const LEARNERS = Math.min(40, Number(process.env.NSLAB_CLASS_LEARNERS ?? 10));
const LAB = 'uts-namespace';
const CODE = 'CLASSLOAD1';
const TOTAL_MS = 20 * 60_000;
const STEP_OUTPUT_MS = 120_000;
/** An emulated node (the guest under TCG) starts ten boxes at once in minutes, not seconds. */
const GUEST_BOX_START_SECONDS = 900;
const SERVER_BOX_START_SECONDS = 180;
/** The stagger is bounded too: ten learners over at most 10 minutes. */
const MAX_STAGGER_SECONDS = 60;

interface LearnerFigures {
  name: string;
  joinToTerminalMs: number;
  /** of joinToTerminalMs: the app's startLab, i.e. the pod scheduled, started and set up */
  boxStartMs: number;
  echoMs: number[];
  checkMs: number[];
  failed: string[];
  podBytes: number;
}

/** A terminal's output as it arrives, with waits on what it will print. */
class TerminalOutput {
  text = '';
  private waiters: { matched: () => boolean; resolve: (at: number) => void }[] = [];

  push(data: string): void {
    this.text += data;
    const at = performance.now();
    this.waiters = this.waiters.filter((w) => !(w.matched() && (w.resolve(at), true)));
  }

  /** Resolves with the time `pattern` first matched the output after `from`. */
  until(pattern: RegExp, timeoutMs: number, from = this.text.length): Promise<number> {
    const matched = () => pattern.test(this.text.slice(from));
    if (matched()) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${pattern} in the terminal within ${timeoutMs / 1000} s; it shows: ${JSON.stringify(this.text.slice(from).slice(-300))}`)), timeoutMs);
      this.waiters.push({ matched, resolve: (at) => (clearTimeout(timer), resolve(at)) });
    });
  }
}

function solutionLines(lab: Lab, stepIndex: number): string[] {
  return lab.steps[stepIndex]!.solution.map((line) => (typeof line === 'string' ? line : line.run));
}

async function podMemory(boxes: KubeBoxCluster, learner: string, sessionId: string): Promise<number> {
  const ref = { config: boxes.config, namespace: boxNamespaceName(learnerKey(learner)), pod: boxPodName(LAB, sessionId) };
  const read = async (container: string) => Number((await execInPod(ref, container, 'cat /sys/fs/cgroup/memory.current 2>/dev/null || cat /sys/fs/cgroup/memory/memory.usage_in_bytes')).stdout.trim()) || 0;
  return (await read('box')) + (await read('probe'));
}

/** The class in session: each learner arrives once (finished or failed), and holds its app and box open until all have. */
class Session {
  private left: number;
  private release = () => {};
  readonly over = new Promise<void>((resolve) => (this.release = resolve));

  constructor(learners: number) {
    this.left = learners;
    if (learners === 0) this.release();
  }

  arrive(): void {
    if (--this.left === 0) this.release();
  }
}

async function runLearner(base: string, lab: Lab, boxes: KubeBoxCluster, name: string, session: Session): Promise<LearnerFigures> {
  const figures: LearnerFigures = { name, joinToTerminalMs: 0, boxStartMs: 0, echoMs: [], checkMs: [], failed: [], podBytes: 0 };
  let browser: BrowserLearner | undefined;
  try {
    const start = performance.now();
    const joined = await joinInBrowser(base, CODE, name);
    if (!joined.cookie) throw new Error(`${name} could not join: HTTP ${joined.status}`);
    browser = await BrowserLearner.connect(base, joined.cookie);
    const asked = performance.now();
    const box = await browser.call<SessionInfo>('startLab', LAB);
    if (box.status !== 'ready') throw new Error(`${name}'s box did not start: ${box.error ?? box.status}`);
    figures.boxStartMs = performance.now() - asked;
    await workThrough(browser, lab, figures, start);
    figures.podBytes = await podMemory(boxes, name, box.sessionId);
  } finally {
    session.arrive();
    await session.over;
    browser?.close();
  }
  return figures;
}

/** Opens the terminal, types the solution key by key and checks every step, as a learner in the browser does. */
async function workThrough(browser: BrowserLearner, lab: Lab, figures: LearnerFigures, joinedAt: number): Promise<void> {
  const output = new TerminalOutput();
  let terminalId = '';
  browser.onEvent((event) => {
    if (event.type === 'terminal-data' && event.terminalId === terminalId) output.push(event.data);
  });
  const opened = await browser.call<{ terminal: TerminalInfo }>('openTerminal', LAB, 0, 120, 32);
  terminalId = opened.terminal.id;
  await output.until(/[#$] $/, STEP_OUTPUT_MS, 0);
  figures.joinToTerminalMs = performance.now() - joinedAt;
  const type = (text: string) => browser.call('writeTerminal', terminalId, text);
  // Keystroke echo: one key at a time, each timed until the terminal shows it.
  for (const key of 'echo ready') {
    const from = output.text.length;
    const sent = performance.now();
    await type(key);
    figures.echoMs.push((await output.until(new RegExp(key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 30_000, from)) - sent);
  }
  await type('\r');
  for (const [index, step] of lab.steps.entries()) {
    for (const [n, line] of solutionLines(lab, index).entries()) {
      for (const key of `${line}\r`) await type(key);
      // A marker the typed text does not contain: the shell has run the line when it prints it.
      const mark = `${index}${n}`;
      const from = output.text.length;
      for (const key of `echo nslab-mark-$((${mark}+1))\r`) await type(key);
      await output.until(new RegExp(`nslab-mark-${Number(mark) + 1}\\r?\\n`), STEP_OUTPUT_MS, from);
    }
    const asked = performance.now();
    const grade = await browser.call<StepGrade>('checkStep', LAB, step.id);
    figures.checkMs.push(performance.now() - asked);
    if (grade.status !== 'pass') figures.failed.push(`${step.id}: ${grade.checks.filter((c) => c.status !== 'pass').map((c) => c.message).join('; ')}`);
  }
}

/** The machine's 1-minute load average: the figures mean little without it. */
function loadNow(): string {
  return loadavg()[0]!.toFixed(1);
}

/**
 * What the node's kubelet and containerd logged as errors during the class: a
 * box that did not start is explained there (a sandbox stopped, an exec refused).
 */
async function nodeErrors(node: ClusterNode): Promise<string> {
  const logged = await node.exec(
    `journalctl -u nslab-kubelet -u nslab-containerd --since "-40 min" --no-pager -o short-precise 2>/dev/null | grep -E 'level=error|^.{0,80} E[0-9]{4} ' | grep -v 'ContainerStatus from runtime service failed' | tail -n 40`,
    { timeoutMs: 60_000 },
  );
  return `class load: the node's errors (kubelet, containerd), the last 40:\n${logged.stdout || logged.stderr}\n`;
}

function rssBytes(pid: number): number {
  const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) * 1024;
}

interface ClassTarget {
  kubeconfig: string;
  context?: string;
  /** nslab serve --box-start-seconds */
  boxStartSeconds: number;
  /** the guest's node, to read its errors from when the class fails */
  node?: ClusterNode;
}

interface ClassOptions {
  kubeconfig?: string;
  context?: string;
  'guest-node'?: boolean;
  'box-start-seconds'?: string;
  'stagger-seconds'?: string;
}

/** A number of seconds given on the command line: above 0 (or 0 where allowed), at most `max`. */
function seconds(value: string | undefined, flag: string, fallback: number, max = Infinity): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n >= 0 && n <= max)) throw new Error(`${flag} takes seconds from 0 to ${max}; found "${value}"`);
  return n;
}

/** The cluster to run the class on: the one given, or the test control plane with the guest's node. */
async function classCluster(values: ClassOptions): Promise<{ target: ClassTarget; owned?: LabCluster }> {
  if (values.kubeconfig) {
    const boxStartSeconds = seconds(values['box-start-seconds'], '--box-start-seconds', SERVER_BOX_START_SECONDS);
    return { target: { kubeconfig: values.kubeconfig, ...(values.context ? { context: values.context } : {}), boxStartSeconds } };
  }
  const owned = await startTestCluster('class load', { node: 'guest' });
  try {
    const imported = performance.now();
    await importEngineImage(owned.node!, DEFAULT_BOX_IMAGE);
    process.stdout.write(`class load: ${DEFAULT_BOX_IMAGE} in the node's containerd in ${((performance.now() - imported) / 1000).toFixed(0)} s\n`);
  } catch (error) {
    await owned.stop();
    throw error;
  }
  const boxStartSeconds = seconds(values['box-start-seconds'], '--box-start-seconds', GUEST_BOX_START_SECONDS);
  return { target: { kubeconfig: owned.target('class-load').kubeconfig, boxStartSeconds, node: owned.node! }, owned };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      kubeconfig: { type: 'string' },
      context: { type: 'string' },
      'guest-node': { type: 'boolean' },
      'box-start-seconds': { type: 'string' },
      'stagger-seconds': { type: 'string' },
    },
  });
  if (!values.kubeconfig === !values['guest-node']) {
    process.stderr.write(
      'npm run test:class -- --guest-node               the test control plane with the nslab guest as its node\n' +
        'npm run test:class -- --kubeconfig FILE [--context NAME]   a cluster whose nodes run containers and have nslab/box:1 (kwok cannot)\n' +
        '    [--box-start-seconds N]   the server\'s start budget per box (900 on the guest node, 180 elsewhere)\n' +
        '    [--stagger-seconds N]     learner i joins i×N s after the first (at most 60); all stay in the class until the last is done\n',
    );
    return 2;
  }
  const stagger = seconds(values['stagger-seconds'], '--stagger-seconds', 0, MAX_STAGGER_SECONDS);
  const cluster = await classCluster(values);
  try {
    return await runClass(cluster.target, stagger);
  } finally {
    await cluster.owned?.stop();
  }
}

async function runClass(target: ClassTarget, staggerSeconds: number): Promise<number> {
  const { kubeconfig } = target;
  const context = target.context ? ['--context', target.context] : [];
  const lab = await loadLab(join(REPO_ROOT, 'labs', LAB));
  const boxes = await KubeBoxCluster.open(target);
  const state = mkdtempSync(join(tmpdir(), 'nslab-class-load-'));
  const serve = await startNslab(
    ['serve', '--backend', 'kubernetes', '--kubeconfig', kubeconfig, ...context, '--state', state, '--code', CODE, '--box-start-seconds', String(target.boxStartSeconds)],
    (out) => {
      const learners = /learners open:\s+(\S+)/.exec(out)?.[1];
      const instructor = /instructor page:\s+(\S+)/.exec(out)?.[1];
      return learners && instructor ? { learners, instructor } : undefined;
    },
    { timeoutMs: 60_000 },
  );
  const totalMs = TOTAL_MS + (LEARNERS - 1) * staggerSeconds * 1000;
  const deadline = setTimeout(() => {
    process.stderr.write(`class load: not done within ${totalMs / 60_000} min; stopping\n`);
    void serve.stop().then(() => process.exit(1));
  }, totalMs);
  let problems: string[] = [];
  try {
    const rssBefore = rssBytes(serve.process.pid!);
    const started = performance.now();
    const loadAtStart = loadNow();
    const names = Array.from({ length: LEARNERS }, (_, i) => `Learner ${i + 1}`);
    const session = new Session(LEARNERS);
    // The server's memory with the class in session: its peak, sampled each second (one reading at the end can fall after a collection).
    let rssInClass = rssBefore;
    const sampler = setInterval(() => {
      // A server that died has no /proc entry: its learners fail and say why; the sample is only skipped.
      if (serve.process.exitCode === null) rssInClass = Math.max(rssInClass, rssBytes(serve.process.pid!));
    }, 1000);
    void session.over.then(() => clearInterval(sampler));
    const settled = await Promise.allSettled(
      names.map(async (name, i) => {
        await new Promise((r) => setTimeout(r, i * staggerSeconds * 1000));
        return runLearner(serve.ready.learners, lab, boxes, name, session);
      }),
    );
    const wallS = (performance.now() - started) / 1000;
    const done = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    problems = settled.flatMap((s, i) => (s.status === 'rejected' ? [`${names[i]}: ${(s.reason as Error).message}`] : s.value.failed.map((f) => `${names[i]}: ${f}`)));

    const trade = await fetch(serve.ready.instructor, { redirect: 'manual' });
    const cookie = trade.headers.get('set-cookie')!.split(';')[0]!;
    const table = ((await (await fetch(new URL('/api/snapshot', serve.ready.instructor), { headers: { cookie } })).json()) as InstructorSnapshot).table;
    for (const name of names) {
      const row = table.rows.find((r) => r.learner === name);
      const passed = lab.steps.filter((s) => row?.cells[`${LAB}/${s.id}`]?.status === 'pass').length;
      if (passed !== lab.steps.length) problems.push(`${name}: ${passed} of ${lab.steps.length} steps passed in the instructor's table`);
    }

    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const joins = staggerSeconds > 0 ? `joins ${staggerSeconds} s apart, all in the class until the last was done` : 'all joining at once';
    process.stdout.write(`class load: ${LEARNERS} learners (${joins}), lab ${LAB}, ${done.length} finished in ${wallS.toFixed(0)} s; this machine's load ${loadAtStart} at the start, ${loadNow()} at the end\n`);
    if (done.length > 0) process.stdout.write(
      [
        latencyRow('join → ready terminal', done.map((f) => f.joinToTerminalMs)),
        latencyRow('  of it the box start', done.map((f) => f.boxStartMs)),
        latencyRow('keystroke echo', done.flatMap((f) => f.echoMs), 1),
        latencyRow('check a step', done.flatMap((f) => f.checkMs)),
        `memory per learner: server ${mib((rssInClass - rssBefore) / LEARNERS)} MiB (RSS ${mib(rssBefore)} → peak ${mib(rssInClass)} MiB), box pod ${mib(done.reduce((s, f) => s + f.podBytes, 0) / Math.max(1, done.length))} MiB (box + probe cgroups)`,
        '',
      ].join('\n'),
    );
  } finally {
    clearTimeout(deadline);
    await serve.stop();
    rmSync(state, { recursive: true, force: true });
  }
  const cleanup = await runCli(['cleanup', '--kubeconfig', kubeconfig, ...context]);
  const left = await runCli(['cleanup', '--kubeconfig', kubeconfig, ...context, '--dry-run']);
  if (cleanup.code !== 0 || !left.stdout.includes('nothing to clean up')) problems.push(`cleanup left: ${left.stdout.trim()} ${cleanup.stderr.trim()}`);
  for (const problem of problems) process.stderr.write(`class load: ${problem}\n`);
  if (problems.length > 0 && target.node) process.stderr.write(await nodeErrors(target.node));
  process.stdout.write(problems.length === 0 ? 'class load: every grade reached the table; nothing left on the cluster\n' : `class load: ${problems.length} problem(s)\n`);
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = await main();
