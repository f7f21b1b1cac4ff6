// The bounds every backend puts on a script it runs in a box (the Docker
// engine's exec, the API server's exec into a pod): in time and in size. A
// script check's command is the lab's, but what it prints is the learner's:
// `yes` must not fill the grader's memory, nor `sleep inf` hold a grade forever.
import { PassThrough } from 'node:stream';
import { PROBE_NAME } from '../engine/environment';

export const DEFAULT_TIMEOUT_MS = 30_000;
/** kept of each stream; the rest is read and dropped */
export const MAX_EXEC_OUTPUT = 4 * 1024 * 1024;
/** exit code of `timeout -s KILL`: 128 + SIGKILL */
const KILLED_BY_TIMEOUT = 137;
/** beyond the box's own timeout, how long a caller waits for the killed script's stream to end */
const STREAM_GRACE_MS = 5_000;

/**
 * `script` under the box's own `timeout`: neither the engine nor the API server
 * can kill an exec, so the box bounds it; a caller's timer only guards against a
 * stream that never ends.
 */
export function boundedScript(script: string, timeoutMs: number): string[] {
  return ['timeout', '-s', 'KILL', String(Math.max(1, Math.ceil(timeoutMs / 1000))), 'sh', '-c', script, PROBE_NAME];
}

/** When a caller gives up on the stream of a boundedScript run with `timeoutMs`. */
export function streamGuardMs(timeoutMs: number): number {
  return timeoutMs + STREAM_GRACE_MS;
}

/** Whether a boundedScript ran out of time: the box's timeout killed it, or the caller's guard gave up on its stream. */
export function ranOutOfTime(exitCode: number, guardFired: boolean): boolean {
  return guardFired || exitCode === KILLED_BY_TIMEOUT;
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
