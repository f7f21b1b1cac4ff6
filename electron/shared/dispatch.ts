// Both transports receive (method, args) as untrusted data: this is the one
// place that checks them (method-args.ts) before calling the API.
import { METHOD_NAMES, type MethodName, type NslabMethods } from './api';
import { METHOD_ARGS } from './method-args';

export class DispatchError extends Error {}

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && (METHOD_NAMES as readonly string[]).includes(value);
}

export async function dispatch(api: NslabMethods, method: unknown, args: unknown): Promise<unknown> {
  if (!isMethodName(method)) throw new DispatchError(`unknown method ${JSON.stringify(method)}`);
  const parsed = METHOD_ARGS[method].safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `argument ${issue.path.map(String).join('.')}: ` : '';
    throw new DispatchError(`${method}: ${where}${issue?.message ?? 'bad arguments'}`);
  }
  const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
  return fn.apply(api, parsed.data);
}
