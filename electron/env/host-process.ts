// A program run on this machine to completion, as an exec's result: ssh into
// the guest (guest-exec.ts), kubectl and nslab's fixed scripts with nslab's
// kubeconfig (kube-environment.ts). Unlike a box's exec (exec-bounds.ts) its
// output is kept whole: these programs are nslab's own and print what a probe
// then parses, and a probe's reading cut short would not parse.
import { spawn } from 'node:child_process';
import type { ExecResult } from '../engine/environment';

export interface HostRunOptions {
  /** killed (SIGKILL) after this long, with timedOut set */
  timeoutMs: number;
  /** the whole environment; this process's when left out */
  env?: NodeJS.ProcessEnv;
  /** written to its stdin, which is then closed */
  input?: string;
}

export function runOnHost(file: string, args: string[], { timeoutMs, env, input }: HostRunOptions): Promise<ExecResult> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { env: env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // A program not found: said on stderr; 'close' follows with a negative code.
    child.on('error', (error) => (stderr += `${file}: ${error.message}\n`));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, exitCode: code ?? -1, timedOut });
    });
    // A program that exits before reading all of its input closes the pipe: not an error of ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}
