// One learner's setup at a time on a cluster: the overlap check
// (learner-overlap.ts) reads the learners a cluster has and the setup then makes
// the new learner's namespace; two setups side by side (`ana` and `ana-2` in the
// same second) could both read a cluster without the other and both go on. So
// the read and the create happen under a lock held on the cluster itself, where
// every nslab of a classroom meets: a Lease (coordination.k8s.io) in kube-system.
//
// Taking it is a `create`, which the API server refuses with AlreadyExists while
// it exists: of two setups only one creates it. A lease let go (holder "") or
// left by a setup that died (the same resourceVersion for longer than HOLD_MS,
// measured on this machine's clock as client-go's leader election does, so no
// two machines' clocks are compared) is taken over by a `replace` carrying the
// resourceVersion that was read: the API server refuses it with a Conflict when
// anyone changed the lease in between, so of two takers again only one wins.
// Letting go is a `replace` to holder "" with our own resourceVersion; a
// Conflict there means our hold had outlasted HOLD_MS and was taken: nothing to
// undo. Learners cannot touch it: their role grants nothing in kube-system.
import { z } from 'zod';
import type { ExecOptions, ExecResult } from '../../engine/environment';
import { EnvironmentError } from '../errors';

export const SETUP_LEASE = { namespace: 'kube-system', name: 'nslab-learner-setup' } as const;

/** A held lease older than this is a setup that died holding it (a setup holds it for a few kubectl calls). */
export const HOLD_MS = 60_000;
const WAIT_MS = 3 * HOLD_MS;
const POLL_MS = 200;

/** nslab's own kubectl on the host (KubeEnvironment.nslabExec): a fixed script, values as variables. */
export type NslabKubectl = (script: string, options?: ExecOptions) => Promise<ExecResult>;

export interface LeaseState {
  holder: string;
  resourceVersion: string;
}

const LeaseSchema = z.object({
  metadata: z.object({ resourceVersion: z.string() }),
  spec: z.object({ holderIdentity: z.string().optional() }).optional(),
});

/** Pure: `kubectl get lease -o json` → who holds it ("" when nobody) and its version. */
export function parseLease(json: unknown): LeaseState {
  const lease = LeaseSchema.parse(json);
  return { holder: lease.spec?.holderIdentity ?? '', resourceVersion: lease.metadata.resourceVersion };
}

/** Pure: the lease held by `holder` ("" lets it go); with a resourceVersion, a replace that fails if it changed. */
export function leaseManifest(holder: string, resourceVersion?: string): string {
  return JSON.stringify({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { ...SETUP_LEASE, ...(resourceVersion ? { resourceVersion } : {}) },
    spec: { holderIdentity: holder, leaseDurationSeconds: HOLD_MS / 1000 },
  });
}

const RV = "-o jsonpath='{.metadata.resourceVersion}'";

/** The outcome of a create or replace: our version, or the API server's refusal. */
type Attempt = { won: string } | { lost: 'exists' | 'conflict' };

async function write(kubectl: NslabKubectl, verb: 'create' | 'replace', manifest: string): Promise<Attempt> {
  const result = await kubectl(`printf %s "$NSLAB_LEASE" | kubectl ${verb} -f - ${RV}`, { timeoutMs: 30_000, env: [`NSLAB_LEASE=${manifest}`] });
  if (result.exitCode === 0) return { won: result.stdout.trim() };
  if (/AlreadyExists|already exists/.test(result.stderr)) return { lost: 'exists' };
  // Conflict: changed since read; NotFound: let go by deletion (an admin) since read.
  if (/Conflict|has been modified|NotFound|not found/.test(result.stderr)) return { lost: 'conflict' };
  throw new EnvironmentError(`nslab's setup lock (lease ${SETUP_LEASE.namespace}/${SETUP_LEASE.name}) could not be taken: ${result.stderr.trim() || `exit ${result.exitCode}`}`, 'Check that this kubeconfig may create and replace Leases in kube-system.');
}

async function read(kubectl: NslabKubectl): Promise<LeaseState | undefined> {
  const result = await kubectl(`kubectl get lease -n ${SETUP_LEASE.namespace} ${SETUP_LEASE.name} -o json`, { timeoutMs: 30_000 });
  return result.exitCode === 0 ? parseLease(JSON.parse(result.stdout)) : undefined;
}

/** Takes the lock for `holder`; resolves with the lease's version we hold. */
async function acquire(kubectl: NslabKubectl, holder: string): Promise<string> {
  const giveUpAt = Date.now() + WAIT_MS;
  let seen: { resourceVersion: string; since: number } | undefined;
  for (;;) {
    const created = await write(kubectl, 'create', leaseManifest(holder));
    if ('won' in created) return created.won;
    const lease = await read(kubectl);
    if (lease) {
      if (lease.resourceVersion !== seen?.resourceVersion) seen = { resourceVersion: lease.resourceVersion, since: Date.now() };
      if (lease.holder === '' || Date.now() - seen.since > HOLD_MS) {
        const taken = await write(kubectl, 'replace', leaseManifest(holder, lease.resourceVersion));
        if ('won' in taken) return taken.won;
      }
      if (Date.now() > giveUpAt) {
        throw new EnvironmentError(
          `Another learner's setup (${lease.holder}) has held nslab's setup lock on this cluster for over ${Math.round(WAIT_MS / 1000)} s.`,
          `Try again; if it stays held, delete it: kubectl delete lease -n ${SETUP_LEASE.namespace} ${SETUP_LEASE.name}`,
        );
      }
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/**
 * Runs `critical` (read the cluster's learners, then make this learner's
 * namespace) while no other nslab's setup on this cluster runs its own.
 */
export async function withLearnerSetupLock<T>(kubectl: NslabKubectl, holder: string, critical: () => Promise<T>): Promise<T> {
  const held = await acquire(kubectl, holder);
  try {
    return await critical();
  } finally {
    await write(kubectl, 'replace', leaseManifest('', held)).catch(() => undefined);
  }
}
