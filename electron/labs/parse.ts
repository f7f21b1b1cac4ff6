// Pure: lab.yaml (or any nslab YAML file with a zod schema, e.g. a pack) text ->
// validated definition, or problems located at the YAML node that caused them
// (file, line, column, field path, what was expected).
import { isCollection, isMap, isPair, isScalar, LineCounter, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { LabSchema, type LabDefinition } from '../shared/lab';
import { formatPath, type LabProblem } from './problems';
import { knownFieldNames } from './json-schema';
import { closest } from './closest';

export type Locate = (path: readonly PropertyKey[]) => { line: number; column: number };
export type ParseResult =
  | { ok: true; lab: LabDefinition; locate: Locate }
  | { ok: false; problems: LabProblem[] };

export type SchemaParseResult<T> = { ok: true; value: T; locate: Locate } | { ok: false; problems: LabProblem[] };

export function parseLabYaml(text: string, file: string): ParseResult {
  const result = parseYamlWithSchema(text, file, LabSchema, knownFieldNames);
  return result.ok ? { ok: true, lab: result.value, locate: result.locate } : result;
}

/** `fieldNames`: every field the format knows, for "did you mean" on an unknown one. */
export function parseYamlWithSchema<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  fieldNames: () => readonly string[],
): SchemaParseResult<z.output<S>> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);

  if (doc.errors.length > 0) {
    return {
      ok: false,
      // yaml stops at its own stack's end and says so with this code, once per
      // way out of the nesting: once is enough.
      problems: doc.errors
        .filter((e, i, all) => e.code !== 'RESOURCE_EXHAUSTION' || all.findIndex((f) => f.code === e.code) === i)
        .map((e) => {
          const { line, col } = at(e.pos[0]);
          const message = e.code === 'RESOURCE_EXHAUSTION' ? TOO_DEEP : `YAML: ${firstLine(e.message)}`;
          return { file, line, column: col, path: '', message };
        }),
    };
  }
  const deep = tooDeep(doc.contents);
  if (deep) {
    const { line, col } = at(deep.range?.[0] ?? 0);
    return { ok: false, problems: [{ file, line, column: col, path: '', message: TOO_DEEP }] };
  }
  const locate: Locate = (path) => {
    const { line, col } = at(offsetOf(doc, path));
    return { line, column: col };
  };
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // What only building the value finds: an alias to no anchor, or aliases
    // multiplying past yaml's maxAliasCount (a "billion laughs").
    const { line, col } = at(aliasOffset(doc));
    return { ok: false, problems: [{ file, line, column: col, path: '', message: `YAML: ${firstLine((error as Error).message)}` }] };
  }
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return { ok: true, value: parsed.data, locate };

  const problems = flattenIssues(parsed.error.issues).flatMap((issue) =>
    describeIssue(issue, fieldNames).map(({ path, message }) => {
      // A value the author never wrote is missing, whatever shape it should have had.
      const missing = issue.code !== 'unrecognized_keys' && path.length > 0 && !doc.hasIn(path as unknown[]);
      const text = missing ? `missing required field "${String(path[path.length - 1])}"` : message;
      return { file, ...locate(path), path: formatPath(path), message: text };
    }),
  );
  return { ok: false, problems: dedupe(problems) };
}

type Issue = z.core.$ZodIssue;

/**
 * A plain (non-discriminated) union reports every branch's failure. Keep the
 * branch the author most plausibly meant: the one that did not reject the
 * value's very shape at its root.
 */
function flattenIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): Issue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const rootRejections = (branch: readonly Issue[]) =>
        branch.filter((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')).length;
      const best = [...issue.errors].sort((a, b) => rootRejections(a) - rootRejections(b))[0] ?? [];
      return flattenIssues(best, path);
    }
    return [{ ...issue, path } as Issue];
  });
}

function describeIssue(issue: Issue, fieldNames: () => readonly string[]): { path: PropertyKey[]; message: string }[] {
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => {
        const suggestion = closest(key, fieldNames());
        const hint = suggestion ? `; did you mean "${suggestion}"?` : '';
        return { path: [...issue.path, key], message: `unknown field "${key}"${hint}` };
      });
    case 'invalid_type': {
      const received = (issue as { received?: string }).received ?? receivedFromMessage(issue.message);
      return [{ path: issue.path, message: `expected ${issue.expected}, found ${received}` }];
    }
    case 'invalid_value':
      return [{ path: issue.path, message: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}` }];
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options)) {
        return [{ path: issue.path, message: `expected one of ${issue.options.map((v) => JSON.stringify(v)).join(', ')}` }];
      }
      return [{ path: issue.path, message: issue.message }];
    case 'too_small':
      return [{ path: issue.path, message: tooSmall(issue) }];
    default:
      return [{ path: issue.path, message: issue.message }];
  }
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>): string {
  // Our own messages ("at least one check, ...") already say what is expected.
  if (!issue.message.startsWith('Too small')) return `expected ${issue.message}`;
  const bound = `${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}`;
  if (issue.origin === 'array') return `expected ${bound} item(s)`;
  if (issue.origin === 'string') return `expected ${bound} character(s)`;
  return `expected ${bound}`;
}

function receivedFromMessage(message: string): string {
  return /received (\w+)/.exec(message)?.[1] ?? 'something else';
}

/** No nslab file nests past a dozen levels; thousands would overflow the stack of toJS() and zod. */
const MAX_DEPTH = 64;
const TOO_DEEP = `YAML: nested more than ${MAX_DEPTH} levels deep`;

/** The first node nested deeper than MAX_DEPTH, found without recursion (that is what it guards against). */
function tooDeep(root: unknown): Node | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: root, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { node, depth } = item;
    if (!isCollection(node)) continue;
    if (depth > MAX_DEPTH) return node;
    for (const child of node.items) {
      if (isPair(child)) stack.push({ node: child.key, depth: depth + 1 }, { node: child.value, depth: depth + 1 });
      else stack.push({ node: child, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Offset of the node at `path`, or of the nearest ancestor that exists. */
function offsetOf(doc: Document, path: readonly PropertyKey[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const parentPath = path.slice(0, depth - 1);
    const last = path[depth - 1];
    // For a key, point at the key itself: that is where an unknown field is typed.
    if (depth > 0 && typeof last === 'string') {
      const parent = parentPath.length ? doc.getIn(parentPath as unknown[], true) : doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
        const keyNode = pair?.key as Node | undefined;
        if (keyNode?.range) return keyNode.range[0];
      }
      continue;
    }
    const node = (depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth) as unknown[], true)) as Node | null;
    if (node?.range) return node.range[0];
  }
  return 0;
}

/** Where the first alias that resolves to nothing is, else the first alias. */
function aliasOffset(doc: Document): number {
  const aliases: Alias[] = [];
  visit(doc, { Alias: (_key, node) => void aliases.push(node) });
  const culprit = aliases.find((alias) => alias.resolve(doc) === undefined) ?? aliases[0];
  return culprit?.range?.[0] ?? 0;
}

function dedupe(problems: LabProblem[]): LabProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.line}:${p.column}:${p.path}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
