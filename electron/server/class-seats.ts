// One seat per learner of a class on Kubernetes (`nslab serve --backend
// kubernetes`): their own NslabService (progress file, labs, terminals), whose
// boxes are pods in their own box namespace, whose Kubernetes labs run in a
// namespace of their own on the same cluster (as the desktop app's do on a
// classroom cluster: a learner account bound to that namespace, terminals in a
// tools box on the server's Docker engine with no network and that account's
// token only), and whose grades go to the class server exactly as a learner's
// app sends them (the classroom client, with the secret the learner's join was
// handed). That secret is kept in the seat's file on the server and never
// reaches the browser (which holds a session token of its own,
// browser-sessions.ts): grades of a seat come only from the seat. What a seat offers the browser is the app's API less what would act
// on the server itself: no doctor, no kind cluster, no joining other classes
// (the server would post wherever it was told). A learner holds one lab at a
// time; an idle learner's lab is stopped.
import { join } from 'node:path';
import { NslabService } from '../app/nslab-service';
import { LearnerSecrets } from '../classroom/learner-secrets';
import type { KubeBoxCluster } from '../env/kube-box/pod-box';
import { EnvironmentError } from '../env/errors';
import type { KubeTarget } from '../env/kube/kube-environment';
import type { NslabApi } from '../shared/api';
import { IdleTracker } from './idle-tracker';
import { isLearnerKey, learnerKey } from './learner-key';

export interface ClassSeatsOptions {
  labsDir: string;
  /** the digest the labs' pack was trusted as at start: each learner's labs load only while it holds */
  labsDigest?: string;
  /** where each learner's progress and class secret are kept */
  stateDir: string;
  boxes: KubeBoxCluster;
  /** the class's cluster, where each learner's Kubernetes labs get a namespace of their own */
  cluster: Omit<KubeTarget, 'learner'>;
  /** the class server, as learners' apps reach it */
  classUrl: string;
  classCode: string;
  /** the class server's certificate, when it serves https */
  fingerprint?: string;
  /** shown in the catalog: where the boxes run */
  clusterName: string;
}

const NOT_IN_CLASS = 'is not offered in a class on Kubernetes';

interface Seat {
  service: NslabService;
  api: NslabApi;
}

export class ClassSeats {
  private readonly seats = new Map<string, Promise<Seat>>();
  private readonly idle = new IdleTracker();

  constructor(private readonly options: ClassSeatsOptions) {}

  /** Keeps the classroom secret `learner`'s join was handed, for their seat to report with. */
  enrol(learner: string, secret: string): Promise<void> {
    // The class's origin as the classroom client names it, so the client finds the secret and rejoins.
    return new LearnerSecrets(this.secretsFile(learnerKey(learner))).set(new URL(this.options.classUrl).origin, learner, secret);
  }

  /** The seat of an enrolled learner, made on their first connection. */
  seat(learner: string): Promise<NslabApi> {
    this.touch(learner);
    let seat = this.seats.get(learner);
    if (!seat) {
      seat = this.open(learner);
      this.seats.set(learner, seat);
      seat.catch(() => this.seats.delete(learner));
    }
    return seat.then((s) => s.api);
  }

  /** The learner did something: their box is not idle. */
  touch(learner: string): void {
    this.idle.touch(learner);
  }

  /** Stops the labs (removes the boxes) of learners idle for `timeoutMs`; their progress stays. Returns who. */
  async reclaimIdle(timeoutMs: number): Promise<string[]> {
    const idle = this.idle.takeIdle(timeoutMs).filter((learner) => this.seats.has(learner));
    await Promise.allSettled(idle.map(async (learner) => (await this.seats.get(learner)!).service.stopAllLabs()));
    return idle;
  }

  async dispose(): Promise<void> {
    await Promise.allSettled([...this.seats.values()].map(async (seat) => (await seat).service.dispose()));
    this.seats.clear();
  }

  private secretsFile(key: string): string {
    return join(this.options.stateDir, `${key}.secret.json`);
  }

  private async open(learner: string): Promise<Seat> {
    const key = learnerKey(learner);
    // The admission policy's startsWith(`<key>-`) keeps learners apart only for keys of this shape.
    if (!isLearnerKey(key)) throw new Error(`"${key}" is not a learner key; refusing to open a seat under it`);
    const secretsFile = this.secretsFile(key);
    const service = new NslabService({
      labsDir: this.options.labsDir,
      ...(this.options.labsDigest !== undefined ? { labsDigest: this.options.labsDigest } : {}),
      progressFile: join(this.options.stateDir, `${key}.progress.json`),
      boxes: this.options.boxes.boxesFor(key),
      // The learner's key names their namespace (nslab-<key>) and prefixes their cluster-wide objects.
      cluster: { ...this.options.cluster, learner: key },
      classSecretsFile: secretsFile,
      connect: () => Promise.reject(new EnvironmentError('The class runs its boxes on Kubernetes, not on a Docker engine.', 'Nothing to do: the boxes are pods.')),
    });
    await service.joinClass(this.options.classUrl, this.options.classCode, learner, this.options.fingerprint ?? '');
    return { service, api: this.seatApi(service) };
  }

  private seatApi(service: NslabService): NslabApi {
    const refuse = (what: string) => () => Promise.reject(new Error(`${what} ${NOT_IN_CLASS}`));
    return {
      onEvent: (listener) => service.onEvent(listener),
      listLabs: () => service.listLabs(),
      environmentStatus: async () => [
        { requirement: 'kubernetes', met: true, detail: `lab boxes run as pods on ${this.options.clusterName}` },
        { requirement: 'kind', met: true, detail: `Kubernetes labs run in a namespace of your own on ${this.options.clusterName}` },
      ],
      doctor: refuse('nslab doctor'),
      openPack: refuse('Opening a lab pack'),
      trustPack: refuse('Opening a lab pack'),
      getLab: (labId) => service.getLab(labId),
      getProgress: () => service.getProgress(),
      revealedHelp: (labId, stepId) => service.revealedHelp(labId, stepId),
      revealHint: (labId, stepId) => service.revealHint(labId, stepId),
      revealSolution: (labId, stepId) => service.revealSolution(labId, stepId),
      startLab: async (labId) => {
        // One box per learner: opening a lab closes the box of the one before.
        await service.stopAllLabs(labId);
        return service.startLab(labId);
      },
      resetLab: (labId) => service.resetLab(labId),
      stopLab: (labId) => service.stopLab(labId),
      checkStep: (labId, stepId) => service.checkStep(labId, stepId),
      setCurrentStep: (labId, stepId) => service.setCurrentStep(labId, stepId),
      openTerminal: (labId, index, cols, rows) => service.openTerminal(labId, index, cols, rows),
      writeTerminal: (terminalId, data) => service.writeTerminal(terminalId, data),
      resizeTerminal: (terminalId, cols, rows) => service.resizeTerminal(terminalId, cols, rows),
      runBlock: (labId, stepId, block, active) => service.runBlock(labId, stepId, block, active),
      watchPanels: (labId) => service.watchPanels(labId),
      podNamespaces: refuse('The pods panel'),
      clusterStatus: () => service.clusterStatus(),
      createCluster: refuse('Creating a kind cluster'),
      deleteCluster: refuse('Deleting a kind cluster'),
      joinClass: refuse('Joining another class'),
      classroomStatus: () => service.classroomStatus(),
    };
  }
}
