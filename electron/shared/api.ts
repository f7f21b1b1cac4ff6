// The one contract between the renderer and the main process. The preload
// exposes exactly this (as window.nslab); browser mode will serve the same.
import type { LabProblem, Requirement } from './lab';

export interface LabSummary {
  id: string;
  title: string;
  summary: string;
  level: 'beginner' | 'intermediate' | 'advanced';
  minutes: number;
  requires: Requirement[];
  steps: number;
}

export interface LabCatalog {
  labs: LabSummary[];
  /** labs that failed to load, located: shown, never silently dropped */
  problems: LabProblem[];
}

export interface RequirementStatus {
  requirement: string;
  met: boolean;
  detail: string;
  /** what to do when not met */
  fix?: string;
}

export interface NslabApi {
  listLabs(): Promise<LabCatalog>;
  environmentStatus(): Promise<RequirementStatus[]>;
}

/** IPC channel per API method: the preload and main both derive from this. */
export const API_CHANNELS: { readonly [K in keyof NslabApi]: `nslab:${string}` } = {
  listLabs: 'nslab:list-labs',
  environmentStatus: 'nslab:environment-status',
};
