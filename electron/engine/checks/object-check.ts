// Pure: k8s.object, a check over objects of any resource (custom ones too),
// judged by kubectl JSONPath conditions. For what the storage snapshot does not
// model: ReplicaSet revisions, finalizers and deletion timestamps,
// ownerReferences' blockOwnerDeletion, binding annotations, custom resources.
import type { Check, FieldCondition } from '../../shared/lab';
import { obj, str, type Json } from '../../shared/json-fields';
import type { ObjectReading } from '../../probes/objects/read';
import { evaluateJsonPath, jsonPathText, parseJsonPath } from '../../shared/jsonpath';
import type { Verdict } from './namespace-checks';

type ObjectCheck = Extract<Check, { check: 'k8s.object' }>;

/** What a learner's own names are: the values ${NSLAB_PREFIX} and the like stand for. */
export interface LearnerNames {
  prefix: string;
  namespace: string;
  learner: string;
}

export function substitute(text: string, names: LearnerNames): string {
  return text.replace(/\$\{NSLAB_(PREFIX|NAMESPACE|LEARNER)\}/g, (_, v: string) =>
    v === 'PREFIX' ? names.prefix : v === 'NAMESPACE' ? names.namespace : names.learner,
  );
}

/** The full name the check looks up: cluster-scoped objects carry the learner's prefix. */
export function objectName(check: Pick<ObjectCheck, 'name' | 'cluster'>, names: LearnerNames): string | undefined {
  return check.name === undefined ? undefined : check.cluster ? `${names.prefix}${check.name}` : check.name;
}

function describeCondition(c: FieldCondition, names: LearnerNames): string {
  if (c.exists !== undefined) return `${c.path} ${c.exists ? 'set' : 'absent'}`;
  if (c.equals !== undefined) return `${c.path} = ${substitute(String(c.equals), names)}`;
  if (c.contains !== undefined) return `${c.path} containing "${substitute(c.contains, names)}"`;
  return `${c.path} matching /${substitute(c.matches ?? '', names)}/`;
}

function meets(c: FieldCondition, values: unknown[], names: LearnerNames): boolean {
  if (c.exists !== undefined) return values.length > 0 === c.exists;
  const texts = values.map(jsonPathText);
  if (c.equals !== undefined) return texts.includes(substitute(String(c.equals), names));
  if (c.contains !== undefined) return texts.some((t) => t.includes(substitute(c.contains!, names)));
  const pattern = new RegExp(substitute(c.matches ?? '', names));
  return texts.some((t) => pattern.test(t));
}

const nameOf = (o: Json) => str(obj(o.metadata).name) ?? '(no name)';

/** One object, said as the values its conditions looked at. */
function describeObject(o: Json, where: FieldCondition[], failing: FieldCondition[]): string {
  const shown = failing.length ? failing : where;
  const values = shown.map((c) => {
    const found = evaluateJsonPath(parseJsonPath(c.path), o).map(jsonPathText);
    return `${c.path} ${found.length ? `is ${found.map((t) => (t.length > 80 ? `${t.slice(0, 77)}...` : t)).join(' | ')}` : 'is absent'}`;
  });
  return `${nameOf(o)}${values.length ? ` (${values.join(', ')})` : ''}`;
}

export function k8sObject(check: ObjectCheck, reading: ObjectReading, names: LearnerNames): Verdict {
  const resource = substitute(check.resource, names);
  const name = objectName(check, names);
  const labels = Object.entries(check.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  const which = name ? `${resource} ${name}` : labels.length ? `${resource} labelled ${labels.join(',')}` : resource;
  const conditions = check.where.map((c) => describeCondition(c, names));
  const withWhere = conditions.length ? ` with ${conditions.join(', ')}` : '';
  const wanted = check.present === false ? 0 : check.count;
  const expected =
    wanted === 0
      ? `no ${which}${withWhere}`
      : wanted === undefined
        ? `${name ? which : `at least one of ${which}`}${withWhere}`
        : `exactly ${wanted} of ${which}${withWhere}`;
  if ('unknownResource' in reading) {
    return { pass: wanted === 0, expected, found: `the cluster has no resource "${resource}" (${reading.unknownResource})` };
  }
  // Cluster-scoped objects of other learners are not the learner's business.
  const objects = reading.objects.filter((o) => !check.cluster || nameOf(o).startsWith(names.prefix));
  const results = objects.map((o) => ({
    object: o,
    failing: check.where.filter((c) => !meets(c, evaluateJsonPath(parseJsonPath(c.path), o), names)),
  }));
  const matching = results.filter((r) => r.failing.length === 0);
  const pass = wanted === undefined ? matching.length > 0 : matching.length === wanted;
  const shown = (matching.length ? matching : results).slice(0, 5).map((r) => describeObject(r.object, check.where, r.failing));
  const found = !objects.length
    ? `there is no ${which}`
    : matching.length
      ? `${matching.length} fit${matching.length === objects.length ? '' : ` of ${objects.length}`}: ${shown.join('; ')}`
      : `none of ${objects.length} fits: ${shown.join('; ')}`;
  return { pass, expected, found };
}
