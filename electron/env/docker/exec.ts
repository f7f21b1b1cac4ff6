// Running a command in a container through the Docker API: stdout, stderr and
// exit code, bounded in time and in size as every backend's exec is
// (exec-bounds.ts).
import type Docker from 'dockerode';
import type { ExecOptions, ExecResult } from '../../engine/environment';
import { boundedScript, collectOutput, DEFAULT_TIMEOUT_MS, ranOutOfTime, streamGuardMs } from '../exec-bounds';

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
    }, streamGuardMs(timeoutMs));
    stream.on('end', () => (clearTimeout(guard), resolve()));
    stream.on('close', () => (clearTimeout(guard), resolve()));
    stream.on('error', (error: Error) => (clearTimeout(guard), reject(error)));
  });
  const exitCode = await exitCodeOf(exec);
  return {
    stdout: stdout.text(),
    stderr: stderr.text(),
    exitCode,
    timedOut: ranOutOfTime(exitCode, timedOut),
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
