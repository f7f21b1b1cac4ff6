// Pure: whether a lab can start on this machine, from what the environment
// status reports. A kernel lab needs the Docker engine and the lab images; a
// Kubernetes lab needs its cluster ('kind': the kind cluster, or the one named
// at start), not the images.
import type { LabSummary, RequirementStatus } from '../../electron/shared/api';

export function labReady(lab: Pick<LabSummary, 'requires'>, environment: RequirementStatus[]): boolean {
  if (environment.length === 0) return false;
  const needsCluster = lab.requires.includes('kind');
  const relevant = environment.filter((r) => (r.requirement === 'kind') === needsCluster);
  return relevant.length > 0 && relevant.every((r) => r.met);
}
