// I/O half of k8s.object: any resource, one kubectl get, read as JSON. The
// lab's words (resource, name, labels) reach kubectl as variables, never as
// shell text.
import type { ClusterAccess } from '../../engine/environment';
import { arr, obj, type Json } from '../../shared/json-fields';

export interface ObjectQuery {
  /** as kubectl names it, ${NSLAB_LEARNER} already replaced */
  resource: string;
  /** the object's full name (a cluster-scoped one with the learner's prefix) */
  name?: string;
  labels?: Record<string, string>;
}

/** The objects, or why the resource cannot be listed (a CRD not made yet). */
export type ObjectReading = { objects: Json[] } | { unknownResource: string };

export async function readObjects(env: ClusterAccess, query: ObjectQuery): Promise<ObjectReading> {
  const selector = Object.entries(query.labels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const result = await env.nslabExec(
    `kubectl get "$NSLAB_Q_RESOURCE" ${query.name ? '"$NSLAB_Q_NAME"' : ''} ${selector ? '-l "$NSLAB_Q_SELECTOR"' : ''} -o json`,
    { timeoutMs: 20_000, env: [`NSLAB_Q_RESOURCE=${query.resource}`, `NSLAB_Q_NAME=${query.name ?? ''}`, `NSLAB_Q_SELECTOR=${selector}`] },
  );
  if (result.exitCode !== 0) {
    const error = result.stderr.trim();
    if (/\(NotFound\)/.test(error) && query.name) return { objects: [] };
    if (/doesn't have a resource type|the server could not find the requested resource/.test(error)) return { unknownResource: error };
    throw new Error(`kubectl get ${query.resource} failed: ${error || `exit ${result.exitCode}`}`);
  }
  const parsed = obj(JSON.parse(result.stdout));
  return { objects: parsed.kind === 'List' || Array.isArray(parsed.items) ? arr(parsed.items).map(obj) : [parsed] };
}
