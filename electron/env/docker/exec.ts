// Running a command in a container through the Docker API: stdout, stderr and
// exit code, bounded in time and in size (a script check's command is the lab's,
// but what it prints is the learner's: `yes` must not fill the grader's memory).
import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { PROBE_NAME, type ExecOptions, type ExecResult } from '../../engine/environment';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** kept of each stream; the rest is read and dropped */
export const MAX_EXEC_OUTPUT = 4 * 1024 * 1024;
/** exit code of `timeout -s KILL`: 128 + SIGKILL */
export const KILLED_BY_TIMEOUT = 137;

/**
 * `script` under the box's own `timeout`: neither the engine nor the API server
 * can kill an exec, so the box bounds it; a caller's timer only guards against a
 * stream that never ends.
 */
export function boundedScript(script: string, timeoutMs: number): string[] {
  return ['timeout', '-s', 'KILL', String(Math.max(1, Math.ceil(timeoutMs / 1000))), 'sh', '-c', script, PROBE_NAME];
}

/** Who runs an exec, when not the container's own user (a tools box's learner). */
export interface ExecIdentity {
  user: string;
  workingDir?: string;
}

export async function execInContainer(
  container: Docker.Container,
  script: string,
  { timeoutMs = DEFAULT_TIMEOUT_MS, env = [] }: ExecOptions = {},
  identity?: ExecIdentity,
): Promise<ExecResult> {
  const exec = await container.exec({
    Cmd: boundedScript(script, timeoutMs),
    AttachStdout: true,
    AttachStderr: true,
    Env: env,
    ...(identity ? { User: identity.user, WorkingDir: identity.workingDir } : {}),
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout = collectOutput();
  const stderr = collectOutput();
  container.modem.demuxStream(stream, stdout.sink, stderr.sink);

  let timedOut = false;
  await new Promise<void>((resolve, reject) => {
    const guard = setTimeout(() => {
      timedOut = true;
      stream.destroy();
      resolve();
    }, timeoutMs + 5_000);
    stream.on('end', () => (clearTimeout(guard), resolve()));
    stream.on('close', () => (clearTimeout(guard), resolve()));
    stream.on('error', (error: Error) => (clearTimeout(guard), reject(error)));
  });
  const exitCode = await exitCodeOf(exec);
  return {
    stdout: stdout.text(),
    stderr: stderr.text(),
    exitCode,
    timedOut: timedOut || exitCode === KILLED_BY_TIMEOUT,
  };
}

/** The stream can end a moment before the engine records the exit code. */
async function exitCodeOf(exec: Docker.Exec): Promise<number> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const info = await exec.inspect();
    if (!info.Running && info.ExitCode !== null) return info.ExitCode;
    if (Date.now() > deadline) return -1;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A sink that keeps the first MAX_EXEC_OUTPUT bytes written to it, and says how much it dropped. */
export function collectOutput(): { sink: PassThrough; text: () => string } {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  let kept = 0;
  let dropped = 0;
  sink.on('data', (chunk: Buffer) => {
    const room = MAX_EXEC_OUTPUT - kept;
    if (room > 0) chunks.push(chunk.subarray(0, room));
    kept += Math.min(room > 0 ? room : 0, chunk.length);
    dropped += Math.max(0, chunk.length - Math.max(room, 0));
  });
  const cut = () => (dropped > 0 ? `\n[nslab: output cut after ${MAX_EXEC_OUTPUT} bytes; ${dropped} more not kept]\n` : '');
  return { sink, text: () => Buffer.concat(chunks).toString('utf8') + cut() };
}
