// The lab box as the lab session sees it, whatever runs it: a Docker container
// with a probe container beside it (env/docker/box.ts), or a pod whose second
// container is the probe (env/kube-box/pod-box.ts). The session creates one
// from a BoxSpec, runs checks and the grader's shell through it (LabEnvironment),
// opens the learner's terminals, reads its state through the probe, and resets
// or removes it; it never asks which backend it has.
import type { BoxState, LabEnvironment } from '../engine/environment';
import type { LabDefinition } from '../shared/lab';
import type { TerminalProcess } from '../terminals/terminal-process';
import { DEFAULT_BOX_IMAGE } from './docker/engine';

export interface BoxSpec {
  image: string;
  labId: string;
  hostname: string;
  /** reuse a session id (reset); a new one is made when absent */
  sessionId?: string;
  /** for labs that create cgroups: see docker/box-setup.ts */
  writableCgroups?: boolean;
  /** a Docker engine inside the box (implies writable cgroups) */
  dockerd?: boolean;
  /** the lab says it cannot work without --privileged (shown to the learner) */
  privileged?: boolean;
}

/** The box a lab asks for in its `environment`. */
export function boxSpecFor(lab: Pick<LabDefinition, 'id' | 'environment'>): BoxSpec {
  return {
    image: lab.environment.image ?? DEFAULT_BOX_IMAGE,
    labId: lab.id,
    hostname: lab.environment.hostname,
    writableCgroups: lab.environment.cgroups === 'writable',
    dockerd: lab.environment.dockerd,
    privileged: lab.environment.privileged,
  };
}

export interface Box extends LabEnvironment {
  /** names the box in labels and in the UI; kept across a reset */
  readonly sessionId: string;
  readonly labId: string;
  /** read by the probe beside the box, never by the box's own tools */
  readonly state: BoxState;
  /** a learner's terminal: an interactive bash in the box, `cols` × `rows`, resizable */
  openTerminal(cols: number, rows: number): TerminalProcess;
  /** a clean box for the same session: everything the learner did is gone */
  reset(): Promise<Box>;
  /** removes the box and its probe */
  dispose(): Promise<void>;
}

/** Where boxes come from: the local Docker engine (or the guest's), or a Kubernetes cluster. */
export interface BoxBackend {
  create(spec: BoxSpec): Promise<Box>;
}
