// Running things in a box's pod through the API server's exec (a WebSocket,
// @kubernetes/client-node's Exec): a bounded script for checks and setup, the
// learner's terminal with its resizes, and the probe agent's pipe.
import { Exec, type KubeConfig, type V1Status } from '@kubernetes/client-node';
import { PassThrough, Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ExecOptions, ExecResult } from '../../engine/environment';
import type { AgentConnection } from '../../probes/agent/box-probe';
import { AGENT_PROGRAM } from '../../probes/agent/agent-program';
import type { TerminalProcess } from '../../terminals/terminal-process';
import { boundedScript, collectOutput, DEFAULT_TIMEOUT_MS, ranOutOfTime, streamGuardMs } from '../exec-bounds';

export interface PodRef {
  config: KubeConfig;
  namespace: string;
  pod: string;
}

type Socket = Awaited<ReturnType<Exec['exec']>>;

/**
 * The exit code an exec's final status carries: Success is 0; a command that
 * exited otherwise is "NonZeroExitCode" with the code as an ExitCode cause;
 * anything else (the container gone, the exec refused) has none: -1.
 */
export function exitCodeOfStatus(status: V1Status | undefined): number {
  if (!status) return -1;
  if (status.status === 'Success') return 0;
  const code = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
  return code !== undefined && /^\d+$/.test(code) ? Number(code) : -1;
}

/** `env` entries ("NAME=value") before the command: an exec has no environment of its own. */
function withEnv(env: readonly string[], command: string[]): string[] {
  return env.length ? ['env', ...env, ...command] : command;
}

function closedSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.readyState === socket.CLOSED) return resolve();
    socket.once('close', () => resolve());
    socket.once('error', () => resolve());
  });
}

export async function execInPod(
  ref: PodRef,
  container: string,
  script: string,
  { timeoutMs = DEFAULT_TIMEOUT_MS, env = [] }: ExecOptions = {},
): Promise<ExecResult> {
  const stdout = collectOutput();
  const stderr = collectOutput();
  let status: V1Status | undefined;
  const socket = await new Exec(ref.config).exec(
    ref.namespace,
    ref.pod,
    container,
    withEnv(env, boundedScript(script, timeoutMs)),
    stdout.sink,
    stderr.sink,
    null,
    false,
    (s) => (status = s),
  );
  let timedOut = false;
  const guard = setTimeout(() => {
    timedOut = true;
    socket.close();
  }, streamGuardMs(timeoutMs));
  await closedSocket(socket);
  clearTimeout(guard);
  const exitCode = exitCodeOfStatus(status);
  // No exit code: the exec itself failed (the container gone, a node that cannot exec); say what the API server said.
  const why = exitCode === -1 && !timedOut ? `nslab: the exec into ${ref.namespace}/${ref.pod} ended without an exit code${status?.message ? `: ${status.message}` : ' (the node gave no status; kwok\'s simulated nodes run no container)'}\n` : '';
  return { stdout: stdout.text(), stderr: stderr.text() + why, exitCode, timedOut: ranOutOfTime(exitCode, timedOut) };
}

/**
 * The sink client-node reads a terminal's size from: a stream with `columns`
 * and `rows` that emits "resize" (how it follows a local TTY), so each resize
 * goes down the exec's resize channel.
 */
class SizedSink extends Writable {
  constructor(
    public columns: number,
    public rows: number,
    private readonly onChunk: (chunk: Buffer) => void,
  ) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.onChunk(chunk);
    done();
  }

  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

/**
 * The learner's bash in the box, on a TTY the API server's exec makes. Usable at
 * once: keystrokes typed before the stream is open wait in its stdin.
 */
export function podTerminal(ref: PodRef, container: string, cols: number, rows: number): TerminalProcess {
  const stdin = new PassThrough();
  const decoder = new StringDecoder('utf8');
  const dataListeners: ((data: string) => void)[] = [];
  const exitListeners: ((code: number) => void)[] = [];
  let exitCode: number | undefined;
  const exit = (code: number) => {
    if (exitCode !== undefined) return;
    exitCode = code;
    exitListeners.forEach((listener) => listener(code));
  };
  const stdout = new SizedSink(cols, rows, (chunk) => {
    const text = decoder.write(chunk);
    if (text) dataListeners.forEach((listener) => listener(text));
  });
  let status: V1Status | undefined;
  const socket = new Exec(ref.config).exec(ref.namespace, ref.pod, container, ['env', 'TERM=xterm-256color', 'bash', '-i'], stdout, null, stdin, true, (s) => (status = s));
  socket.then(
    async (ws) => {
      await closedSocket(ws);
      exit(exitCodeOfStatus(status));
    },
    (error: Error) => {
      dataListeners.forEach((listener) => listener(`\r\n[nslab: the terminal could not open: ${error.message}]\r\n`));
      exit(-1);
    },
  );
  return {
    write: (data) => void (exitCode === undefined && stdin.write(data)),
    resize: (c, r) => stdout.resize(c, r),
    onData: (listener) => void dataListeners.push(listener),
    onExit: (listener) => void exitListeners.push(listener),
    kill: () => {
      stdin.end();
      void socket.then((ws) => ws.close(), () => undefined);
    },
  };
}

/** The probe agent in the pod's probe container, reading the box whose init is `boxInit` (`boxIsNew`: made just now); its stdin and stdout a pipe through the exec. */
export async function openPodAgent(ref: PodRef, container: string, boxInit: number, boxIsNew = false): Promise<AgentConnection> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = collectOutput();
  const socket = await new Exec(ref.config).exec(ref.namespace, ref.pod, container, ['perl', '-e', AGENT_PROGRAM, String(boxInit), ...(boxIsNew ? ['new'] : [])], stdout, stderr.sink, stdin, false);
  const closed = closedSocket(socket).then(() => stderr.text());
  return {
    write: (line) => void stdin.write(line),
    onData: (listener) => void stdout.on('data', listener),
    closed,
    close: () => (stdin.end(), socket.close()),
  };
}
