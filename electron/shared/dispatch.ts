// Both transports receive (method, args) as untrusted data: this is the one
// place that checks them before calling the API.
import { METHOD_NAMES, type MethodName, type NslabMethods } from './api';

export class DispatchError extends Error {}

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}

export async function dispatch(api: NslabMethods, method: unknown, args: unknown): Promise<unknown> {
  if (!isMethodName(method)) throw new DispatchError(`unknown method ${JSON.stringify(method)}`);
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string' && typeof a !== 'number')) {
    throw new DispatchError(`${method}: arguments must be a list of strings and numbers`);
  }
  const fn = api[method] as (...a: (string | number)[]) => Promise<unknown>;
  return fn.apply(api, args as (string | number)[]);
}
