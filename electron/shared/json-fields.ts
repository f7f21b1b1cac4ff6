// Reading JSON that arrives as `unknown` (kubectl's, crictl's) field by field:
// a field of the wrong type reads as empty, never as a crash.
export type Json = Record<string, unknown>;

export const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const strings = (v: unknown): string[] => arr(v).flatMap((x) => (typeof x === 'string' ? [x] : []));
/** The string-valued entries of an object: labels, annotations, selectors. */
export const record = (v: unknown): Record<string, string> =>
  Object.fromEntries(Object.entries(obj(v)).flatMap(([k, x]) => (typeof x === 'string' ? [[k, x]] : [])));
