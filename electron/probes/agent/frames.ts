// Pure: the probe agent's output (see agent-program.ts) -> frames, and commands
// -> the lines the agent reads. Output arrives in chunks that cut frames anywhere.

export const FRAME_KINDS = ['ns', 'mounts', 'cgroups', 'net', 'round', 'sync', 'file', 'overlay', 'error'] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

export interface Frame {
  kind: FrameKind;
  id: number;
  payload: string;
}

const HEADER = /^(\w+) (\d+) (\d+)$/;
const KINDS: ReadonlySet<string> = new Set(FRAME_KINDS);

/**
 * A frame the host takes from one box: what the learner makes (mounts by the
 * hundred thousand, links, processes) is theirs to multiply, and the host
 * process (the app, a class's server) must not hold it all.
 */
export const MAX_FRAME_BYTES = 32 * 1024 * 1024;

/** "overlay 4294967295 33554432" and then some: a longer line without its newline is no header */
const MAX_HEADER_BYTES = 64;

export class FrameDecoder {
  /** chunks not yet decoded, joined only once they hold the frame they began */
  private chunks: Buffer[] = [];
  private length = 0;
  /** the bytes the frame at the head needs, once its header has come */
  private needed = 0;

  /** The frames completed by this chunk; a header that is not one, or a frame over MAX_FRAME_BYTES, throws (the stream is lost). */
  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.length += chunk.length;
    // Join a long frame's chunks once it is whole, not at each chunk: joining as they came copied it over and over.
    if (this.length < this.needed) return [];
    let buffer = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    const frames: Frame[] = [];
    for (;;) {
      const newline = buffer.indexOf(0x0a);
      if (newline < 0) {
        if (buffer.length > MAX_HEADER_BYTES) throw new Error(`probe agent: not a frame header: ${JSON.stringify(buffer.subarray(0, 200).toString('utf8'))}`);
        break;
      }
      const header = buffer.subarray(0, newline).toString('utf8');
      const m = HEADER.exec(header);
      if (!m || !KINDS.has(m[1]!)) throw new Error(`probe agent: not a frame header: ${JSON.stringify(header.slice(0, 200))}`);
      const size = Number(m[3]);
      if (size > MAX_FRAME_BYTES) {
        throw new Error(`probe agent: its ${m[1]} reading is ${(size / 2 ** 20).toFixed(0)} MiB, more than the ${MAX_FRAME_BYTES / 2 ** 20} MiB nslab takes from a box: remove what the box holds by the thousand`);
      }
      const end = newline + 1 + size;
      if (buffer.length < end) {
        this.needed = end;
        break;
      }
      frames.push({ kind: m[1] as FrameKind, id: Number(m[2]), payload: buffer.subarray(newline + 1, end).toString('utf8') });
      buffer = buffer.subarray(end);
      this.needed = 0;
    }
    this.chunks = buffer.length > 0 ? [buffer] : [];
    this.length = buffer.length;
    return frames;
  }
}

/** A command line for the agent: arguments in hex, so paths with spaces or newlines pass whole. */
export function agentCommand(name: 'watch' | 'sync' | 'file' | 'overlay', id: number, args: readonly string[] = []): string {
  return [name, String(id), ...args.map((a) => Buffer.from(a, 'utf8').toString('hex'))].join(' ') + '\n';
}
