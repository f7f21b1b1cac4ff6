// What `nslab doctor` (and the app's "This machine" panel) says: what this
// machine offers the labs, each missing piece with the exact fix, and for each
// lab whether it can run here and why not.
import type { RequirementStatus } from './requirement';

export interface DoctorSection {
  title: string;
  findings: RequirementStatus[];
}

export interface LabReadiness {
  labId: string;
  title: string;
  ready: boolean;
  /** what it needs, in words: "a Docker engine, nslab/box:1, cgroup controllers cpu" */
  needs: string[];
  /** the first unmet need and its fix */
  missing?: { need: string; fix?: string };
}

/** The facts the findings were drawn from, for programs (`--format json`). */
export interface DoctorFacts {
  engineAddress: string;
  engineReachable: boolean;
  /** the nslab guest's engine (nslab guest up) */
  engineIsGuest?: boolean;
  privilegedAllowed?: boolean;
  /** the mode a kernel lab's box runs in here (sysbox, confined, privileged) */
  boxMode?: string;
  cgroupVersion?: '1' | '2';
  /** controllers a box can use */
  cgroupControllers?: string[];
  kvm?: 'boots' | 'does-not-boot' | 'untested' | 'absent';
  guestRunning?: boolean;
  clusterReachable?: boolean;
}

export interface DoctorReport {
  sections: DoctorSection[];
  labs: LabReadiness[];
  facts: DoctorFacts;
}
