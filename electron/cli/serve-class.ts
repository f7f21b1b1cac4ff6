// `nslab serve --backend kubernetes --kubeconfig FILE …`: a whole class in the
// browser, boxes as pods. Runs the class server of `nslab classroom` (join
// code, learner secrets, the instructor's live table, TLS, its abuse limits)
// and beside it the learners' server (learner-server.ts): each learner joins
// with the code in the browser and gets the app, their boxes pods in their own
// namespace on the cluster, their Kubernetes labs in another of their own.
// Idle learners' boxes are reclaimed. Ctrl-C removes every box; the class
// (table, progress) stays for the next start.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startClassServer } from '../classroom/class-server';
import { ClassStore } from '../classroom/class-store';
import { loadLabOutlines } from '../classroom/lab-outlines';
import { nslabConfigDir } from '../env/config-dir';
import { KubeBoxCluster, READY_TIMEOUT_MS } from '../env/kube-box/pod-box';
import { BrowserSessions } from '../server/browser-sessions';
import { ClassSeats } from '../server/class-seats';
import { learnerKey } from '../server/learner-key';
import { startLearnerServer } from '../server/learner-server';
import { checkClassOptions, classTls, portOption, type ClassOptionValues } from './classroom';
import { UsageError } from './command';
import { EXIT_PASS } from './exit-codes';

export const SERVE_CLASS_OPTIONS = {
  backend: { type: 'string', default: 'docker' },
  'class-port': { type: 'string', default: '0' },
  state: { type: 'string' },
  code: { type: 'string' },
  tls: { type: 'boolean', default: false },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'idle-minutes': { type: 'string', default: '30' },
  'box-start-seconds': { type: 'string', default: String(READY_TIMEOUT_MS / 1000) },
  'localhost-seccomp': { type: 'boolean', default: false },
  'write-seccomp-profile': { type: 'string' },
  hostname: { type: 'string', multiple: true, default: [] as string[] },
} as const;

export const SERVE_CLASS_USAGE = `--backend kubernetes --kubeconfig FILE [--context NAME] [--class-port P]
              [--state DIR] [--code CODE] [--tls | --tls-cert FILE --tls-key FILE]
              [--idle-minutes N] [--box-start-seconds N] [--localhost-seccomp] [--hostname NAME]...`;

export interface ServeClassValues extends ClassOptionValues {
  host: string;
  port: string;
  labs: string;
  kubeconfig?: string;
  context?: string;
  'class-port': string;
  state?: string;
  'idle-minutes': string;
  'box-start-seconds': string;
  'localhost-seccomp': boolean;
  /** DNS names learners use to reach this machine: both servers answer to them (DNS rebinding is refused) */
  hostname: string[];
}

const LOOPBACK = ['127.0.0.1', 'localhost', '::1'];

/** `labsDigest`: what the labs' pack was trusted as (none for nslab's own), checked again at each lab's load. */
export async function serveClass(values: ServeClassValues, rendererDir: string, labsDigest: string | undefined): Promise<number> {
  if (!values.kubeconfig) throw new UsageError('--backend kubernetes runs the boxes on a cluster: give its --kubeconfig FILE');
  checkClassOptions(values);
  const idleMinutes = Number(values['idle-minutes']);
  if (!(idleMinutes > 0)) throw new UsageError(`--idle-minutes takes a number of minutes above 0; found "${values['idle-minutes']}"`);
  const boxStartSeconds = Number(values['box-start-seconds']);
  if (!(boxStartSeconds > 0)) throw new UsageError(`--box-start-seconds takes a number of seconds above 0; found "${values['box-start-seconds']}"`);
  const stateDir = resolve(values.state ?? join(nslabConfigDir(), 'class-kubernetes'));
  mkdirSync(join(stateDir, 'learners'), { recursive: true, mode: 0o700 });
  const stateFile = join(stateDir, 'classroom.jsonl');
  const tls = await classTls(values, stateFile);
  const cluster = { kubeconfig: resolve(values.kubeconfig), ...(values.context ? { context: values.context } : {}) };
  const boxes = await KubeBoxCluster.open(
    cluster,
    { localhostSeccomp: values['localhost-seccomp'] },
    boxStartSeconds * 1000,
  );
  const store = await ClassStore.open(stateFile, values.code === undefined ? {} : { code: values.code });
  const classServer = await startClassServer({
    store,
    outlines: await loadLabOutlines(resolve(values.labs)),
    rendererDir,
    host: values.host,
    port: portOption('--class-port', values['class-port']),
    hostnames: values.hostname,
    ...(tls ? { tls } : {}),
    seated: { keyOf: learnerKey },
    onError: (error) => process.stderr.write(`nslab serve: ${error.stack ?? error.message}\n`),
  });
  const classUrl = classServer.instructorUrl.replace(/\/\?token=.*$/, '');
  const seats = new ClassSeats({
    labsDir: resolve(values.labs),
    ...(labsDigest !== undefined ? { labsDigest } : {}),
    stateDir: join(stateDir, 'learners'),
    boxes,
    cluster,
    classUrl,
    classCode: store.code,
    ...(tls ? { fingerprint: tls.fingerprint } : {}),
    clusterName: boxes.config.getCurrentContext() || values.kubeconfig,
  });
  const learners = await startLearnerServer({
    seats,
    sessions: await BrowserSessions.open(join(stateDir, 'sessions.json')),
    store,
    join: classServer.joinFromPage,
    rendererDir,
    host: values.host,
    port: portOption('--port', values.port),
    hostnames: values.hostname,
    ...(tls ? { tls } : {}),
  });
  const idleMs = idleMinutes * 60_000;
  const reaper = setInterval(() => {
    void seats.reclaimIdle(idleMs).then((reclaimed) => {
      if (reclaimed.length) process.stderr.write(`nslab serve: reclaimed the boxes of ${reclaimed.length} idle learner(s): ${reclaimed.join(', ')}\n`);
    });
  }, Math.min(30_000, idleMs / 4));
  if (!LOOPBACK.includes(values.host) && !tls) {
    process.stderr.write(`nslab serve: listening on ${values.host} over plain HTTP: anyone on the network can read the join code and the learners' cookies (--tls encrypts them)\n`);
  }
  const { settings } = boxes;
  process.stdout.write(
    [
      'nslab class on Kubernetes is open.',
      `  learners open:    ${learners.url}`,
      `  join code:        ${store.code}`,
      ...(tls ? [`  certificate:      SHA-256 ${tls.fingerprint}`] : []),
      `  instructor page:  ${classServer.instructorUrl}   (keep this one to yourself)`,
      `  boxes:            pods on ${boxes.config.getCurrentContext()} (seccomp ${settings.localhostSeccomp ? 'nslab (Localhost)' : 'runtime default'}${settings.runtimeClass ? `, runtime class ${settings.runtimeClass}` : ''}), reclaimed after ${idleMinutes} min idle`,
      `  class state:      ${stateDir}`,
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolveStop) => {
    process.once('SIGINT', resolveStop);
    process.once('SIGTERM', resolveStop);
  });
  process.stderr.write('nslab serve: stopping; removing the learners\' boxes…\n');
  clearInterval(reaper);
  await learners.close();
  await seats.dispose();
  await classServer.close();
  return EXIT_PASS;
}
