// Pure: the part of kubectl's JSONPath that a check needs, so that a lab says
// `{.metadata.annotations.pv\.kubernetes\.io/bind-completed}` exactly as the
// learner types it after `kubectl get -o jsonpath=`. Supported: `.field` (with
// `\.` for a dot inside a key), `['field']`, `[n]` (negative from the end),
// `[*]` and `.*`, and filters `[?(@.path)]`, `[?(@.path == value)]`, `!=`,
// with a value in quotes, a number, true or false. One expression, no ranges.

export type JsonPathStep =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'filter'; path: JsonPathStep[]; op?: '==' | '!='; value?: string | number | boolean };

export class JsonPathError extends Error {}

/** Parses `{.a.b[0]}` or `.a.b[0]`; throws JsonPathError saying where it stopped. */
export function parseJsonPath(source: string): JsonPathStep[] {
  let text = source.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  if (text.startsWith('$')) text = text.slice(1);
  const { steps, rest } = parseSteps(text, source);
  if (rest !== '') throw new JsonPathError(`cannot read "${rest}" in ${source}`);
  return steps;
}

function parseSteps(text: string, source: string, stopAt?: RegExp): { steps: JsonPathStep[]; rest: string } {
  const steps: JsonPathStep[] = [];
  let rest = text;
  while (rest !== '' && !(stopAt && stopAt.test(rest))) {
    if (rest.startsWith('.')) {
      rest = rest.slice(1);
      if (rest.startsWith('*')) {
        steps.push({ kind: 'all' });
        rest = rest.slice(1);
        continue;
      }
      const field = /^(?:\\.|[^.[\]\\\s=!)])+/.exec(rest);
      if (!field) throw new JsonPathError(`expected a field name after "." in ${source}`);
      steps.push({ kind: 'field', name: field[0].replace(/\\(.)/g, '$1') });
      rest = rest.slice(field[0].length);
    } else if (rest.startsWith('[')) {
      const parsed = parseBracket(rest, source);
      steps.push(parsed.step);
      rest = parsed.rest;
    } else {
      break;
    }
  }
  return { steps, rest };
}

function parseBracket(text: string, source: string): { step: JsonPathStep; rest: string } {
  const quoted = /^\[\s*(['"])(.*?)\1\s*\]/.exec(text);
  if (quoted) return { step: { kind: 'field', name: quoted[2]! }, rest: text.slice(quoted[0].length) };
  const index = /^\[\s*(-?\d+)\s*\]/.exec(text);
  if (index) return { step: { kind: 'index', index: Number(index[1]) }, rest: text.slice(index[0].length) };
  const star = /^\[\s*\*\s*\]/.exec(text);
  if (star) return { step: { kind: 'all' }, rest: text.slice(star[0].length) };
  if (text.startsWith('[?(')) return parseFilter(text.slice(3), source);
  throw new JsonPathError(`cannot read "${text}" in ${source}`);
}

function parseFilter(text: string, source: string): { step: JsonPathStep; rest: string } {
  let rest = text.trimStart();
  if (!rest.startsWith('@')) throw new JsonPathError(`a filter starts with @ in ${source}`);
  const inner = parseSteps(rest.slice(1), source, /^\s*(==|!=|\))/);
  rest = inner.rest.trimStart();
  let op: '==' | '!=' | undefined;
  let value: string | number | boolean | undefined;
  const comparison = /^(==|!=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+(?:\.\d+)?|true|false)\s*/.exec(rest);
  if (comparison) {
    op = comparison[1] as '==' | '!=';
    const raw = comparison[2]!;
    value = raw === 'true' ? true : raw === 'false' ? false : /^["']/.test(raw) ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : Number(raw);
    rest = rest.slice(comparison[0].length);
  }
  const close = /^\)\s*\]/.exec(rest);
  if (!close) throw new JsonPathError(`expected ")]" to close the filter in ${source}`);
  return { step: { kind: 'filter', path: inner.steps, ...(op ? { op, value } : {}) }, rest: rest.slice(close[0].length) };
}

const children = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value !== null && typeof value === 'object' ? Object.values(value) : [];

/** Every value the path reaches in `root`; none when a field is missing. */
export function evaluateJsonPath(steps: JsonPathStep[], root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) {
    current = current.flatMap((value) => applyStep(step, value));
  }
  return current;
}

function applyStep(step: JsonPathStep, value: unknown): unknown[] {
  switch (step.kind) {
    case 'field':
      return value !== null && typeof value === 'object' && !Array.isArray(value) && step.name in value
        ? [(value as Record<string, unknown>)[step.name]]
        : [];
    case 'index': {
      if (!Array.isArray(value)) return [];
      const at = step.index < 0 ? value.length + step.index : step.index;
      return at >= 0 && at < value.length ? [value[at]] : [];
    }
    case 'all':
      return children(value);
    case 'filter':
      return children(value).filter((item) => {
        const found = evaluateJsonPath(step.path, item);
        if (step.op === undefined) return found.length > 0;
        const equal = found.some((f) => f === step.value || (typeof f !== 'object' && String(f) === String(step.value)));
        return step.op === '==' ? equal : !equal;
      });
  }
}

/** A value as kubectl's jsonpath prints it: strings bare, everything else as JSON. */
export function jsonPathText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
