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

export class FrameDecoder {
  private buffer: Buffer = Buffer.alloc(0);

  /** The frames completed by this chunk; a header that is not one throws (the stream is lost). */
  push(chunk: Buffer): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      const newline = this.buffer.indexOf(0x0a);
      if (newline < 0) return frames;
      const header = this.buffer.subarray(0, newline).toString('utf8');
      const m = HEADER.exec(header);
      if (!m || !KINDS.has(m[1]!)) throw new Error(`probe agent: not a frame header: ${JSON.stringify(header.slice(0, 200))}`);
      const end = newline + 1 + Number(m[3]);
      if (this.buffer.length < end) return frames;
      frames.push({ kind: m[1] as FrameKind, id: Number(m[2]), payload: this.buffer.subarray(newline + 1, end).toString('utf8') });
      this.buffer = this.buffer.subarray(end);
    }
  }
}

/** A command line for the agent: arguments in hex, so paths with spaces or newlines pass whole. */
export function agentCommand(name: 'watch' | 'sync' | 'file' | 'overlay', id: number, args: readonly string[] = []): string {
  return [name, String(id), ...args.map((a) => Buffer.from(a, 'utf8').toString('hex'))].join(' ') + '\n';
}
