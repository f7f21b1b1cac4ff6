// A script run in the guest as root over ssh: the script goes on stdin (`sh -s`),
// so nothing of it is quoted for a remote shell; variables go as `export`
// lines, each value single-quoted. The pod-namespace probe reads a guest node
// this way, and the test cluster's node helpers run theirs.
import type { ExecResult } from '../../engine/environment';
import { runOnHost } from '../host-process';
import { sshArgs, type GuestSshTarget } from './ssh-args';

export interface GuestExecOptions {
  timeoutMs?: number;
  env?: Record<string, string>;
  /** more ssh options, e.g. -S for a control master's socket */
  sshOptions?: string[];
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The script with its variables set first; names that are not shell names are refused. */
export function scriptWithEnv(script: string, env: Record<string, string> = {}): string {
  const exports = Object.entries(env).map(([name, value]) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`"${name}" cannot name a shell variable`);
    return `export ${name}=${quote(value)}\n`;
  });
  return `${exports.join('')}${script}\n`;
}

export function guestExec(target: GuestSshTarget, script: string, { timeoutMs = 60_000, env, sshOptions = [] }: GuestExecOptions = {}): Promise<ExecResult> {
  return runOnHost('ssh', [...sshArgs(target, sshOptions), 'sh -s'], { timeoutMs, input: scriptWithEnv(script, env) });
}
