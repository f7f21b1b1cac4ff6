// The one contract between the renderer and the main process. The preload
// exposes exactly this (as window.nslab); browser mode serves the same over a
// WebSocket. The renderer never knows which transport it has.
import type { CgroupSnapshot } from './cgroup-snapshot';
import type { ClassMembership } from './classroom';
import type { DoctorReport } from './doctor';
import type { RequirementStatus } from './requirement';
import type { StepGrade } from './grade';
import type { LabProblem, Requirement } from './lab';
import type { MountSnapshot } from './mount-snapshot';
import type { NetSnapshot } from './net-snapshot';
import type { PodNamespaceReading } from './pod-namespace-snapshot';
import type { NamespaceSnapshot } from './snapshots';
import type { StorageSnapshot } from './storage-snapshot';
import type { CsiSnapshot } from './csi-call';
import type { LabTrust } from './lab-trust';

export interface LabSummary {
  id: string;
  title: string;
  summary: string;
  level: 'beginner' | 'intermediate' | 'advanced';
  minutes: number;
  requires: Requirement[];
  steps: number;
  /** the lab's box runs --privileged (its lab.yaml says it cannot work otherwise): shown wherever the lab is */
  privileged?: true;
}

export interface LabCatalog {
  labs: LabSummary[];
  /** the courses (labs/<id>.pack.yaml); a lab in none of them is listed under "Other" */
  packs: PackSummary[];
  /** labs and packs that failed to load, located: shown, never silently dropped */
  problems: LabProblem[];
}

export interface PackSummary {
  id: string;
  title: string;
  summary?: string;
  version: string;
  /** lab ids in the order learners take them */
  labs: string[];
  images: PackImageStatus[];
}

/** A lab pack that did not ship with nslab, as its opener is asked to trust it. */
export interface PackReview {
  /** the pack's folder, every symlink resolved */
  folder: string;
  /** sha256 of every file of the folder: the trust given is to this content, and a changed pack asks again */
  digest: string;
  /** what each lab runs and where: the list `nslab lint` prints */
  labs: LabTrust[];
  /** labs and packs of the folder that do not load (they will not run) */
  problems: LabProblem[];
}

/** opened: its labs are in the catalog now; ask: nothing of it runs until trustPack says so */
export type PackOpening = { state: 'opened'; folder: string } | { state: 'ask'; review: PackReview };

export interface PackImageStatus {
  image: string;
  /** unknown: no Docker engine answered */
  state: 'present' | 'missing' | 'unknown';
  /** what to do when it is not present */
  fix?: string;
}

export type { RequirementStatus } from './requirement';

export interface StepView {
  id: string;
  title: string;
  /** Markdown; the renderer renders it without raw HTML */
  text: string;
  hintCount: number;
}

export interface LabView extends LabSummary {
  stepViews: StepView[];
  terminals: number;
  /** a lab box (kernel labs) or a namespace on a Kubernetes cluster */
  environmentKind: 'box' | 'kube';
}

/** What the learner has done, per lab; what survives a restart. */
export interface StepProgress {
  passed: boolean;
  hintsRevealed: number;
  solutionRevealed: boolean;
  lastCheckedAt?: string;
}

export interface LabProgress {
  currentStep: string;
  steps: Record<string, StepProgress>;
  completedAt?: string;
}

export type ProgressState = Record<string, LabProgress>;

export type SessionStatus = 'starting' | 'ready' | 'failed' | 'stopped';

export interface SessionInfo {
  labId: string;
  sessionId: string;
  status: SessionStatus;
  /** e.g. "docker lab box 1a2b (confined, cgroup v2)": the box mode, see env/docker/box-security.ts */
  environment: string;
  /** the side panel's tabs that make sense for this environment */
  panels: PanelTab[];
  terminals: TerminalInfo[];
  error?: string;
}

export interface TerminalInfo {
  id: string;
  index: number;
  alive: boolean;
}

export interface PanelSnapshots {
  namespaces?: NamespaceSnapshot;
  mounts?: MountSnapshot;
  cgroups?: CgroupSnapshot;
  /** the box's network namespaces, links, veth pairs and bridges, which the net tab draws */
  net?: NetSnapshot;
  /** the binding graph, and the pods and workloads the owners tab draws */
  storage?: StorageSnapshot;
  /** the CSI driver's calls, which the csi tab draws beside the storage snapshot's VolumeAttachments */
  csi?: CsiSnapshot;
}

export type PanelKind = keyof PanelSnapshots;

/** The side panel's tabs: one per snapshot, and 'owners', a second view of the storage snapshot. */
export type PanelTab = PanelKind | 'owners';

/** Where the Kubernetes labs run, and whether they can. */
export interface ClusterStatus {
  /** a cluster named at start (--kubeconfig), or the kind cluster the app manages */
  source: 'kubeconfig' | 'kind';
  ready: boolean;
  detail: string;
  fix?: string;
  /** kind, kubectl and the Docker engine: found or not, and how to get them */
  tools: RequirementStatus[];
  /** why the last create or delete failed, and what to do */
  error?: string;
}

/** One line of a cluster's creation or deletion, as kind reports it. */
export type ClusterProgress = { kind: 'stage'; title: string; state: 'running' | 'done' | 'failed' } | { kind: 'note' | 'error'; text: string };

export type NslabEvent =
  | { type: 'terminal-data'; terminalId: string; data: string }
  | { type: 'terminal-exit'; terminalId: string; exitCode: number }
  | { type: 'session'; session: SessionInfo; message?: string }
  | { type: 'panel'; labId: string; panel: PanelKind; snapshot: PanelSnapshots[PanelKind] }
  | { type: 'cluster'; action: 'create' | 'delete'; progress: ClusterProgress };

/** Request-response methods: each takes JSON arguments and returns JSON. */
export interface NslabMethods {
  listLabs(): Promise<LabCatalog>;
  environmentStatus(): Promise<RequirementStatus[]>;
  /** what this machine offers and what each lab needs, as `nslab doctor` says it (takes seconds: it tries things) */
  doctor(): Promise<DoctorReport>;
  getLab(labId: string): Promise<LabView>;
  getProgress(): Promise<ProgressState>;
  /** what the learner has already revealed of a step's help, revealing nothing more */
  revealedHelp(labId: string, stepId: string): Promise<{ hints: string[]; solution?: string[] }>;
  /** reveals the next hint of a step (remembered) and returns all revealed ones */
  revealHint(labId: string, stepId: string): Promise<string[]>;
  revealSolution(labId: string, stepId: string): Promise<string[]>;
  /** starts (or returns) the lab's environment; progress arrives as 'session' events */
  startLab(labId: string): Promise<SessionInfo>;
  /** tears the environment down and starts a clean one; the lab's progress is cleared */
  resetLab(labId: string): Promise<SessionInfo>;
  stopLab(labId: string): Promise<void>;
  checkStep(labId: string, stepId: string): Promise<StepGrade>;
  setCurrentStep(labId: string, stepId: string): Promise<void>;
  /** opens terminal `index` of the lab, or reopens it when its process died; returns its scrollback */
  openTerminal(labId: string, index: number, cols: number, rows: number): Promise<{ terminal: TerminalInfo; scrollback: string }>;
  writeTerminal(terminalId: string, data: string): Promise<void>;
  resizeTerminal(terminalId: string, cols: number, rows: number): Promise<void>;
  /**
   * Types code block `block` of a step's text (electron/shared/code-blocks.ts) into the terminal
   * the block names, else into `activeTerminal` (0-based), as the grader types; returns where it went
   */
  runBlock(labId: string, stepId: string, block: number, activeTerminal: number): Promise<{ terminal: number }>;
  /** the latest snapshot of each panel, then 'panel' events as state changes */
  watchPanels(labId: string): Promise<PanelSnapshots>;
  /** a pod's containers as processes on their kind node, with their namespaces; elsewhere, why not */
  podNamespaces(labId: string, pod: string): Promise<PodNamespaceReading>;
  /** where the Kubernetes labs run, and what is missing for them */
  clusterStatus(): Promise<ClusterStatus>;
  /** creates the kind cluster; progress arrives as 'cluster' events; a failure is in the status */
  createCluster(): Promise<ClusterStatus>;
  /** deletes the kind cluster and nslab's kubeconfig for it */
  deleteCluster(): Promise<ClusterStatus>;
  /**
   * opens a lab pack (a folder of labs on the machine nslab runs on); one that did not ship
   * with nslab and is not trusted in this exact content is not opened but returned for review
   */
  openPack(folder: string): Promise<PackOpening>;
  /** trusts the pack `openPack` showed, provided its content is still `digest`, and opens it */
  trustPack(folder: string, digest: string): Promise<PackOpening>;
  /** joins an instructor's class (`nslab classroom`): from then on each step's grade is reported there */
  /** `fingerprint`: the SHA-256 of an https class's certificate as the instructor read it out ('' for none) */
  joinClass(url: string, code: string, learner: string, fingerprint?: string): Promise<ClassMembership>;
  /** the class this app reports to, if it joined one */
  classroomStatus(): Promise<ClassMembership | null>;
}

export interface NslabApi extends NslabMethods {
  /** every event of the main process; returns the unsubscribe function */
  onEvent(listener: (event: NslabEvent) => void): () => void;
}

export type MethodName = keyof NslabMethods;

/** Every method name, for transports that route by name (IPC channels, WebSocket frames). */
export const METHOD_NAMES: readonly MethodName[] = [
  'listLabs',
  'environmentStatus',
  'doctor',
  'getLab',
  'getProgress',
  'revealedHelp',
  'revealHint',
  'revealSolution',
  'startLab',
  'resetLab',
  'stopLab',
  'checkStep',
  'setCurrentStep',
  'openTerminal',
  'writeTerminal',
  'resizeTerminal',
  'runBlock',
  'watchPanels',
  'podNamespaces',
  'clusterStatus',
  'createCluster',
  'deleteCluster',
  'joinClass',
  'classroomStatus',
  'openPack',
  'trustPack',
];

export const IPC_CALL_CHANNEL = 'nslab:call';
export const IPC_EVENT_CHANNEL = 'nslab:event';

/** Builds the typed methods on a transport's one generic call. */
export function bindMethods(call: (method: MethodName, args: unknown[]) => Promise<unknown>): NslabMethods {
  return Object.fromEntries(METHOD_NAMES.map((method) => [method, (...args: unknown[]) => call(method, args)])) as unknown as NslabMethods;
}
