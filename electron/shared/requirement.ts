/** One thing a lab or the app needs of this machine: met or not, and what to do when not. */
export interface RequirementStatus {
  requirement: string;
  met: boolean;
  detail: string;
  /** what to do when not met */
  fix?: string;
}
