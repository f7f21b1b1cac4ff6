// Runs the real nslab CLI (the bundle `npm test` builds first) as a child process.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/nslab.mjs', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

// Below the guest stage's 600 s test timeout: a six-step lab graded on the guest
// under emulation, on a host at load 30, took just over 300 s (killed unfinished).
const CLI_TIMEOUT_MS = 540_000;

/** `timeoutMs`: longer for a grade that is given longer (a lab on the guest's emulated Kubernetes node). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = CLI_TIMEOUT_MS): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running nslab command (serve, classroom) and what its start printed. */
export interface NslabProcess<T> {
  ready: T;
  process: ChildProcess;
  /** SIGTERM, then wait: the command tidies up on the way out */
  stop(): Promise<number | null>;
}

/**
 * Starts `nslab <args>` and resolves once `ready` finds what it waits for in
 * everything printed on stdout so far; rejects when the command exits first or
 * says nothing of the kind within `timeoutMs`.
 */
export function startNslab<T>(args: string[], ready: (stdout: string) => T | undefined, options: { env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<NslabProcess<T>> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const stop = () =>
    new Promise<number | null>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
      child.once('exit', (code) => done(code));
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nslab ${args[0]} did not start:\n${stdout}${stderr}`)), options.timeoutMs);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const found = ready(stdout);
      if (found === undefined) return;
      clearTimeout(timer);
      resolve({ ready: found, process: child, stop });
    });
    child.once('exit', (code) => reject(new Error(`nslab ${args[0]} exited (${code}):\n${stderr}`)));
  });
}
