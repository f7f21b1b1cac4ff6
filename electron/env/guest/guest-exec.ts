// A script run in the guest as root over ssh: the script goes on stdin (`sh -s`),
// so nothing of it is quoted for a remote shell; variables go as `export`
// lines, each value single-quoted. The pod-namespace probe reads a guest node
// this way, and the test cluster's node helpers run theirs.
import { spawn } from 'node:child_process';
import type { ExecResult } from '../../engine/environment';
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
  return new Promise((resolve) => {
    const child = spawn('ssh', [...sshArgs(target, sshOptions), 'sh -s'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => (stderr += `ssh: ${error.message}\n`));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exitCode: code ?? -1, timedOut });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(scriptWithEnv(script, env));
  });
}
