// Pure: the output of NODE_PATH_SCRIPT -> the entries a node path matched, and
// a node.* check's path with its placeholders filled in.
import type { NodeEntry } from '../../shared/node-reading';

export function parseNodePaths(output: string): NodeEntry[] {
  return output.split('\n').flatMap((line) => {
    const m = /^entry\t(file|dir|link|other|outside)\t([A-Za-z0-9+/=]+)\t([A-Za-z0-9+/=]*)$/.exec(line);
    if (!m) return [];
    const [, type, encodedPath, head] = m as unknown as [string, NodeEntry['type'], string, string];
    const path = Buffer.from(encodedPath, 'base64').toString('utf8');
    return [type === 'file' ? { type, path, text: Buffer.from(head, 'base64').toString('utf8') } : { type, path }];
  });
}

/** What a node path's ${…} names; absent names stay as they are (lint asks for the pod or claim each needs). */
export type NodePathValues = Partial<Record<'NSLAB_NAMESPACE' | 'NSLAB_PREFIX' | 'NSLAB_LEARNER' | 'POD_UID' | 'VOLUME' | 'VOLUME_PATH', string>>;

/**
 * The path with its placeholders filled in. A value that would act on the node
 * side as a pattern (`*?[\`) or climb out (`..`) is refused: volume paths and
 * names come from objects a learner may have written.
 */
export function fillNodePath(path: string, values: NodePathValues): string {
  return path.replace(/\$\{(NSLAB_NAMESPACE|NSLAB_PREFIX|NSLAB_LEARNER|POD_UID|VOLUME|VOLUME_PATH)\}/g, (whole, name: keyof NodePathValues) => {
    const value = values[name];
    if (value === undefined) return whole;
    if (/[*?[\\\n]/.test(value) || /(^|\/)\.\.(\/|$)/.test(value)) throw new Error(`\${${name}} is "${value}", which nslab will not use in a path on the node`);
    return value;
  });
}

/**
 * The directory a node path matches under, with its placeholders filled in: a
 * volume's own directory for `${VOLUME_PATH}/…` (what is inside it is the
 * learner's), otherwise the path's leading directories that are neither a
 * pattern nor a placeholder. "" is the node's `/`. NODE_PATH_SCRIPT reads no
 * match whose real path leaves it.
 */
export function nodePathBase(path: string, values: NodePathValues): string {
  if (path.startsWith('${VOLUME_PATH}') && values.VOLUME_PATH !== undefined) return values.VOLUME_PATH.replace(/\/+$/, '');
  const dirs = path.split('/').slice(0, -1);
  const literal = dirs.findIndex((part) => /[*?[]|\$\{/.test(part));
  return (literal === -1 ? dirs : dirs.slice(0, literal)).join('/').replace(/\/+$/, '');
}

/** A node path as a pattern over whole paths: `*` and `?` match within one name, like the node's pathname expansion. */
export function nodePathPattern(path: string): RegExp {
  const body = path.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}
