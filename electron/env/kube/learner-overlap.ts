// Pure: whether a learner's names on a cluster would reach another learner's.
// A learner's cluster-wide objects are told apart by the prefix `<learner>-`,
// checked with startsWith: the admission policy's names and hostPath
// `^/data/<prefix>[^/]*/?$` (learner-access.ts), the storage panel and checks
// (parseStorage), the cleanup of a reset (kube-environment.ts). So learners
// `ana` and `ana-2` on one cluster would share `ana-2-pv`: ana's reset deletes
// it, ana's checks count it, ana may write it. A class on Kubernetes names its
// learners by keys that cannot overlap (server/learner-key.ts); a learner named
// on the command line (`--learner`) is held to the same rule here, against the
// learners the cluster already has, and refused when it breaks it. The check
// only reads the cluster: KubeEnvironment runs it, and makes the namespace that
// the next learner's check reads, under a lock of the cluster's
// (learner-setup-lock.ts), so two learners starting together cannot both pass.
import { z } from 'zod';
import { LABEL_ROLE } from '../docker/labels';
import { CSI_NAMESPACE } from './csi-driver-manifests';
import { LABEL_LEARNER, learnerNamespace } from './learner-access';

/** A namespace of nslab's on the cluster: whose it is, and whether it holds lab boxes (kube-box). */
export interface NslabNamespace {
  name: string;
  learner: string;
  box: boolean;
}

const NamespaceListSchema = z.object({
  items: z.array(z.object({ metadata: z.object({ name: z.string(), labels: z.record(z.string(), z.string()).optional() }) })),
});

/** Pure: `kubectl get namespaces -o json` → every namespace's name, a learner's or not. */
export function parseNamespaceNames(json: unknown): string[] {
  return NamespaceListSchema.parse(json).items.map(({ metadata }) => metadata.name);
}

/** Pure: `kubectl get namespaces -o json` → nslab's learners' namespaces among them. */
export function parseNslabNamespaces(json: unknown): NslabNamespace[] {
  return NamespaceListSchema.parse(json).items.flatMap(({ metadata: { name, labels = {} } }) => {
    const learner = labels[LABEL_LEARNER];
    return learner === undefined ? [] : [{ name, learner, box: labels[LABEL_ROLE] === 'box' }];
  });
}

const ObjectListSchema = z.object({
  items: z.array(z.object({ metadata: z.object({ name: z.string(), deletionTimestamp: z.string().optional() }) })),
});

/**
 * Pure: `kubectl get persistentvolumes,storageclasses -o json` → their names,
 * but those being deleted: a learner's reset deletes its volumes without
 * waiting, and the same learner may start again at once.
 */
export function parseClusterNames(json: unknown): string[] {
  return ObjectListSchema.parse(json).items.flatMap(({ metadata }) => (metadata.deletionTimestamp === undefined ? [metadata.name] : []));
}

/**
 * Names the cluster gives volumes itself, for every claim of every learner and
 * of anyone else on it (the provisioners' `pvc-<uid>`): a learner `pvc` would
 * own them all — its reset deletes them with nslab's kubeconfig, the admission
 * policy lets it change them, its checks count them.
 */
const PROVISIONED_PREFIXES = ['pvc-'];

/**
 * Namespaces nslab makes for itself with the learners' `nslab-` prefix: a
 * learner `csi` would be given the CSI driver's, its privileged node plugin and
 * its sidecars' account with it, and its reset would delete the driver.
 */
const NSLAB_NAMESPACES = [CSI_NAMESPACE];

/**
 * Why `learner` may not work beside the namespaces the cluster has (nslab's
 * learners' `namespaces`, and every namespace's name, `namespaceNames`) and its
 * PersistentVolumes and StorageClasses (`clusterNames`, names without kind), as
 * an English clause, or undefined when it may. `resetting`: the learner's own
 * reset just deleted their namespace, so what bears their prefix is theirs.
 */
export function learnerOverlap(
  learner: string,
  namespaces: readonly NslabNamespace[],
  clusterNames: readonly string[] = [],
  resetting = false,
  namespaceNames: readonly string[] = namespaces.map((n) => n.name),
): string | undefined {
  const own = learnerNamespace(learner);
  if (NSLAB_NAMESPACES.includes(own)) return `the namespace ${own} is nslab's own, where it runs its CSI driver`;
  const taken = namespaces.find((n) => n.name === own && (n.box || n.learner !== learner));
  if (taken) return `the namespace ${own} is already ${taken.box ? 'the lab boxes\'' : 'the learner\'s'} of "${taken.learner}"`;
  // A namespace of that name that is no learner's is someone else's: the learner's Role would open it to them.
  if (!namespaces.some((n) => n.name === own) && namespaceNames.includes(own)) return `the namespace ${own} is already on this cluster, and is no nslab learner's`;
  const prefix = `${learner}-`;
  const provisioned = PROVISIONED_PREFIXES.find((p) => p.startsWith(prefix) || prefix.startsWith(p));
  if (provisioned) return `its prefix "${prefix}" meets "${provisioned}", with which the cluster names the volumes it provisions for anyone's claims`;
  // A learner new to the cluster owns nothing yet: a volume or class with its prefix is someone else's
  // (the cluster's own class local-path for a learner "local"), and its reset would delete it.
  // A reset deleted the namespace (and the volumes and classes, which may outlast it in deletion) just before.
  const returning = resetting || namespaces.some((n) => n.name === own);
  const foreign = returning ? undefined : clusterNames.find((name) => name.startsWith(prefix));
  if (foreign) return `${foreign} is already on this cluster, not made by "${learner}", and begins with its prefix "${prefix}": cleanup, checks and the admission policy of "${learner}" would take it for theirs`;
  const other = namespaces.find((n) => !n.box && n.name === learnerNamespace(n.learner) && n.learner !== learner && (`${n.learner}-`.startsWith(prefix) || prefix.startsWith(`${n.learner}-`)));
  if (!other) return undefined;
  const [shorter, longer] = other.learner.length < learner.length ? [other.learner, learner] : [learner, other.learner];
  return `learner "${other.learner}" is already on this cluster, and the prefix "${shorter}-" begins "${longer}-": cleanup, checks and the admission policy of "${shorter}" would reach the cluster-wide objects of "${longer}"`;
}
