// The nslab API (electron/shared/api.ts) implemented once, for both transports:
// Electron IPC (electron/main) and the browser mode's WebSocket (electron/server).
// A plain class: tested under Node, no Electron needed.
import type Docker from 'dockerode';
import { CatalogService, summarise } from './catalog-service';
import { settleChecks } from '../engine/grader';
import { emptyLabProgress, ProgressStore } from '../engine/progress-store';
import { connectDocker } from '../env/docker/engine';
import { ClusterService } from './cluster-service';
import { EnvironmentStatusService } from '../env/status';
import { loadLab, loadLabs } from '../labs/loader';
import { runDoctor } from '../env/doctor/doctor';
import type { DoctorReport } from '../shared/doctor';
import type { LabProgress, LabView, NslabApi, PackOpening, RequirementStatus, NslabEvent, PanelSnapshots, ProgressState, SessionInfo, StepProgress } from '../shared/api';
import { codeBlocks } from '../shared/code-blocks';
import { worstStatus, type StepGrade } from '../shared/grade';
import type { Lab, SolutionLine, Step } from '../shared/lab';
import type { PodNamespaceReading } from '../shared/pod-namespace-snapshot';
import type { ClassMembership } from '../shared/classroom';
import { joinClass, type ClassroomClient } from '../classroom/client';
import { stepReport } from '../classroom/step-report';
import { learnerSecrets, type LearnerSecrets } from '../classroom/learner-secrets';
import type { TerminalSession } from '../terminals/terminal-session';
import { LabRuntime } from './lab-runtime';
import { OpenedPacks } from './opened-packs';
import { PackTrustStore } from '../labs/trust-store';
import { assertPackUnchanged } from '../labs/pack-review';
import { join, relative } from 'node:path';
import { dockerBoxes } from '../env/docker/box';
import { boxSpecFor, type BoxBackend } from '../env/box-backend';
import { defaultLearner, KubeEnvironment, type KubeTarget } from '../env/kube/kube-environment';
import { boxRuntime, kubeRuntime, type RuntimeEnvironment } from './runtime-environment';

export interface NslabServiceOptions {
  labsDir: string;
  /**
   * the digest labsDir's pack was trusted as when a server started (`nslab serve --labs`):
   * each of its labs is loaded only while the pack is still that content
   */
  labsDigest?: string;
  progressFile: string;
  connect?: () => Promise<Docker>;
  /** where kernel labs' boxes run; default: containers on the Docker engine `connect` reaches */
  boxes?: BoxBackend;
  /** where Kubernetes labs run when not on the kind cluster the app manages: a cluster of the learner's or a classroom's */
  cluster?: KubeTarget;
  /** the learner's name on a kind cluster (their namespace's); default: the OS user */
  learner?: string;
  /** where the secrets of joined classes are kept; default: nslab's folder, shared with `nslab grade --report-to` */
  classSecretsFile?: string;
  /**
   * whether the page may open lab packs from other folders of this machine (each asks for trust
   * once per content); off unless the one using the page is the one who owns the machine
   */
  openPacks?: { trustFile?: string };
}

export class NslabService implements NslabApi {
  private readonly catalog: CatalogService;
  private readonly packs: OpenedPacks | undefined;
  private readonly environment: EnvironmentStatusService;
  private readonly progress: ProgressStore;
  private readonly connect: () => Promise<Docker>;
  private readonly boxes: BoxBackend;
  private readonly listeners = new Set<(event: NslabEvent) => void>();
  private readonly runtimes = new Map<string, LabRuntime>();
  private readonly terminals = new Map<string, TerminalSession>();
  private readonly cluster: ClusterService;
  private classroom: ClassroomClient | undefined;
  private readonly classSecrets: LearnerSecrets;

  constructor(private readonly options: NslabServiceOptions) {
    this.connect = options.connect ?? (() => connectDocker());
    this.boxes = options.boxes ?? dockerBoxes(this.connect);
    this.packs = options.openPacks
      ? new OpenedPacks({ builtInLabsDir: options.labsDir, store: new PackTrustStore(options.openPacks.trustFile) })
      : undefined;
    this.catalog = new CatalogService(this.packs ? () => this.packs!.folders() : options.labsDir, this.connect);
    this.environment = new EnvironmentStatusService(this.connect);
    this.progress = new ProgressStore(options.progressFile);
    this.classSecrets = learnerSecrets(options.classSecretsFile);
    this.cluster = new ClusterService({ ...(options.cluster ? { given: options.cluster } : {}), learner: options.learner ?? defaultLearner(), emit: this.emit });
  }

  onEvent(listener: (event: NslabEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit = (event: NslabEvent): void => {
    for (const listener of this.listeners) listener(event);
  };

  listLabs = () => this.catalog.listLabs();

  openPack = (folder: string): Promise<PackOpening> => this.openedPacks().open(folder);

  trustPack = (folder: string, digest: string): Promise<PackOpening> => this.openedPacks().trust(folder, digest);

  private openedPacks(): OpenedPacks {
    if (!this.packs) throw new Error('this nslab opens only the labs it was started with (packs from other folders are for a desktop app or `nslab serve` on 127.0.0.1)');
    return this.packs;
  }

  /** The engine and the images for kernel labs; 'kind' for Kubernetes labs: their cluster, kind's or the one named at start. */
  environmentStatus = async (): Promise<RequirementStatus[]> => {
    const [machine, cluster] = await Promise.all([this.environment.status(), this.cluster.status()]);
    return [...machine, { requirement: 'kind', met: cluster.ready, detail: cluster.detail, ...(cluster.fix ? { fix: cluster.fix } : {}) }];
  };

  doctor = async (): Promise<DoctorReport> => {
    const { labs } = await loadLabs(this.options.labsDir);
    return runDoctor({ labs, ...(this.options.cluster ? { cluster: this.options.cluster } : {}) });
  };

  async getLab(labId: string): Promise<LabView> {
    const lab = await this.lab(labId);
    return {
      ...summarise(lab),
      terminals: lab.environment.terminals,
      environmentKind: lab.environment.kind,
      stepViews: lab.steps.map((s) => ({ id: s.id, title: s.title, text: lab.stepTexts[s.id] ?? '', hintCount: s.hints.length })),
    };
  }

  getProgress = (): Promise<ProgressState> => this.progress.load();

  async revealedHelp(labId: string, stepId: string): Promise<{ hints: string[]; solution?: string[] }> {
    const { step } = await this.labStep(labId, stepId);
    const progress = (await this.progress.load())[labId]?.steps[stepId];
    return {
      hints: step.hints.slice(0, progress?.hintsRevealed ?? 0),
      ...(progress?.solutionRevealed ? { solution: step.solution.map(describeSolutionLine) } : {}),
    };
  }

  async revealHint(labId: string, stepId: string): Promise<string[]> {
    const { lab, step } = await this.labStep(labId, stepId);
    const state = await this.updateStep(lab, stepId, (p) => {
      p.hintsRevealed = Math.min(step.hints.length, p.hintsRevealed + 1);
    });
    return step.hints.slice(0, state.hintsRevealed);
  }

  async revealSolution(labId: string, stepId: string): Promise<string[]> {
    const { lab, step } = await this.labStep(labId, stepId);
    await this.updateStep(lab, stepId, (p) => {
      p.solutionRevealed = true;
    });
    return step.solution.map(describeSolutionLine);
  }

  async setCurrentStep(labId: string, stepId: string): Promise<void> {
    const { lab, step } = await this.labStep(labId, stepId);
    await this.progress.update((state) => {
      labEntry(state, lab).currentStep = stepId;
    });
    await this.runtimes.get(labId)?.markStepStart(step);
  }

  async startLab(labId: string): Promise<SessionInfo> {
    return this.runtime(await this.lab(labId)).start();
  }

  async resetLab(labId: string): Promise<SessionInfo> {
    const lab = await this.lab(labId);
    await this.progress.update((state) => {
      delete state[labId];
    });
    return this.runtime(lab).reset();
  }

  async stopLab(labId: string): Promise<void> {
    await this.runtimes.get(labId)?.stop();
    this.runtimes.delete(labId);
  }

  async checkStep(labId: string, stepId: string): Promise<StepGrade> {
    const { lab, step } = await this.labStep(labId, stepId);
    const started = Date.now();
    const runtime = this.runtime(lab);
    const checks = await settleChecks(step, runtime.environment(), undefined, await runtime.stepBaseline(step));
    const grade: StepGrade = { stepId, title: step.title, status: worstStatus(checks.map((c) => c.status)), checks, durationMs: Date.now() - started };
    await this.progress.update((state) => {
      const entry = labEntry(state, lab);
      const progress = (entry.steps[stepId] ??= freshStep());
      // Once passed stays passed: later steps may legitimately undo an earlier state.
      progress.passed ||= grade.status === 'pass';
      progress.lastCheckedAt = new Date().toISOString();
      if (!entry.completedAt && lab.steps.every((s) => entry.steps[s.id]?.passed)) entry.completedAt = progress.lastCheckedAt;
    });
    // Passing a step begins the next: its counters count from here.
    const next = lab.steps[lab.steps.indexOf(step) + 1];
    if (grade.status === 'pass' && next) await runtime.markStepStart(next);
    // Fire and forget: the class's server being away never holds up or fails a check.
    this.classroom?.report(stepReport(lab.id, grade));
    return grade;
  }

  async openTerminal(labId: string, index: number, cols: number, rows: number) {
    return this.runtime(await this.lab(labId)).openTerminal(index, cols, rows);
  }

  async writeTerminal(terminalId: string, data: string): Promise<void> {
    this.terminal(terminalId).write(data);
  }

  async runBlock(labId: string, stepId: string, block: number, activeTerminal: number): Promise<{ terminal: number }> {
    const lab = await this.lab(labId);
    const text = lab.stepTexts[stepId];
    if (text === undefined) throw new Error(`the lab ${labId} has no step ${JSON.stringify(stepId)}`);
    const found = codeBlocks(text)[block];
    if (!found?.runnable) throw new Error(`step ${stepId} has no code block ${block} to run`);
    const terminal = found.terminal !== undefined ? found.terminal - 1 : activeTerminal;
    this.runtime(lab).typeInto(terminal, found.code);
    return { terminal };
  }

  async resizeTerminal(terminalId: string, cols: number, rows: number): Promise<void> {
    this.terminal(terminalId).resize(cols, rows);
  }

  async watchPanels(labId: string): Promise<PanelSnapshots> {
    return this.runtime(await this.lab(labId)).watchPanels();
  }

  async podNamespaces(labId: string, pod: string): Promise<PodNamespaceReading> {
    return this.runtime(await this.lab(labId)).podNamespaces(pod);
  }

  clusterStatus = () => this.cluster.status();

  createCluster = () => this.cluster.create();

  deleteCluster = () => this.cluster.delete();

  async joinClass(url: string, code: string, learner: string, fingerprint = ''): Promise<ClassMembership> {
    const client = await joinClass(url, code, learner, {
      onProblem: (message) => process.stderr.write(`nslab: ${message}\n`),
      secrets: this.classSecrets,
      ...(fingerprint.trim() ? { fingerprint } : {}),
    });
    this.classroom?.dispose();
    this.classroom = client;
    return client.membership;
  }

  classroomStatus = async (): Promise<ClassMembership | null> => this.classroom?.membership ?? null;

  /** Stops every running lab but `except`: their boxes are removed, their progress kept. */
  async stopAllLabs(except?: string): Promise<void> {
    await Promise.allSettled([...this.runtimes.keys()].filter((labId) => labId !== except).map((labId) => this.stopLab(labId)));
  }

  /** Stops every lab: the app leaves no box behind when it quits. */
  async dispose(): Promise<void> {
    await Promise.allSettled([...this.runtimes.values()].map((r) => r.stop()));
    this.runtimes.clear();
    this.listeners.clear();
    await this.classroom?.flush(2_000);
    this.classroom?.dispose();
  }

  private async lab(labId: string): Promise<Lab> {
    if (!/^[a-z0-9-]+$/.test(labId)) throw new Error(`not a lab id: ${JSON.stringify(labId)}`);
    const running = this.runtimes.get(labId)?.lab;
    if (running) return running;
    const dir = this.packs ? await this.packs.labDir(labId) : join(this.options.labsDir, labId);
    if (!dir) throw new Error(`no lab "${labId}" is open`);
    const { labsDigest, labsDir } = this.options;
    if (labsDigest === undefined || relative(labsDir, dir).startsWith('..')) return loadLab(dir);
    // Before and after: what was loaded is what was trusted, not a pack rewritten while it was read.
    await assertPackUnchanged(labsDir, labsDigest);
    const lab = await loadLab(dir);
    await assertPackUnchanged(labsDir, labsDigest);
    return lab;
  }

  private async labStep(labId: string, stepId: string): Promise<{ lab: Lab; step: Step }> {
    const lab = await this.lab(labId);
    const step = lab.steps.find((s) => s.id === stepId);
    if (!step) throw new Error(`the lab ${labId} has no step ${JSON.stringify(stepId)}`);
    return { lab, step };
  }

  private createEnvironment = async (lab: Lab): Promise<RuntimeEnvironment> => {
    if (lab.environment.kind === 'kube') {
      const kube = await KubeEnvironment.create(await this.cluster.target());
      return kubeRuntime(kube, this.connect, kube.csiLog);
    }
    return boxRuntime(await this.boxes.create(boxSpecFor(lab)));
  };

  private runtime(lab: Lab): LabRuntime {
    let runtime = this.runtimes.get(lab.id);
    if (!runtime) {
      runtime = new LabRuntime(lab, this.createEnvironment, this.emit, this.terminals);
      this.runtimes.set(lab.id, runtime);
    }
    return runtime;
  }

  private terminal(terminalId: string): TerminalSession {
    const terminal = this.terminals.get(terminalId);
    if (!terminal) throw new Error(`no open terminal ${JSON.stringify(terminalId)}; open it again`);
    return terminal;
  }

  private async updateStep(lab: Lab, stepId: string, change: (p: StepProgress) => void): Promise<StepProgress> {
    const state = await this.progress.update((s) => {
      change((labEntry(s, lab).steps[stepId] ??= freshStep()));
    });
    return state[lab.id]!.steps[stepId]!;
  }
}

function labEntry(state: ProgressState, lab: Lab): LabProgress {
  return (state[lab.id] ??= emptyLabProgress(lab.steps[0]!.id));
}

function freshStep(): StepProgress {
  return { passed: false, hintsRevealed: 0, solutionRevealed: false };
}

function describeSolutionLine(line: SolutionLine): string {
  if (typeof line === 'string') return line;
  const notes = [line.terminal !== 1 && `terminal ${line.terminal}`, line.when && `only on ${line.when}`].filter(Boolean);
  return notes.length ? `${line.run}    # ${notes.join(', ')}` : line.run;
}
