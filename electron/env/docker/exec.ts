// Running a command in a container through the Docker API: stdout, stderr and
// exit code, bounded in time.
import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';
import { PROBE_NAME, type ExecOptions, type ExecResult } from '../../engine/environment';


const DEFAULT_TIMEOUT_MS = 30_000;
/** exit code of `timeout -s KILL`: 128 + SIGKILL */
const KILLED_BY_TIMEOUT = 137;

export async function execInContainer(
  container: Docker.Container,
  script: string,
  { timeoutMs = DEFAULT_TIMEOUT_MS, env = [] }: ExecOptions = {},
): Promise<ExecResult> {
  // The engine cannot kill an exec, so the box's own `timeout` bounds it; the
  // timer below only guards against a stream that never ends.
  const seconds = Math.max(1, Math.ceil(timeoutMs / 1000));
  const exec = await container.exec({
    Cmd: ['timeout', '-s', 'KILL', String(seconds), 'sh', '-c', script, PROBE_NAME],
    AttachStdout: true,
    AttachStderr: true,
    Env: env,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout = collect();
  const stderr = collect();
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

function collect(): { sink: PassThrough; text: () => string } {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { sink, text: () => Buffer.concat(chunks).toString('utf8') };
}
