// The probe agent's framing: byte lengths, so payloads of any text survive
// chunks cut anywhere, even inside a UTF-8 character.
import { describe, expect, it } from 'vitest';
import { agentCommand, FrameDecoder, MAX_FRAME_BYTES } from '../../electron/probes/agent/frames';

const frame = (kind: string, id: number, payload: string) => Buffer.concat([Buffer.from(`${kind} ${id} ${Buffer.byteLength(payload)}\n`), Buffer.from(payload)]);

describe('FrameDecoder', () => {
  const stream = Buffer.concat([
    frame('ns', 0, 'P 1\nT Name:\ttini\nC aGk=\n'),
    frame('round', 0, ''),
    frame('file', 7, 'ok\nhôte\n'),
    frame('sync', 3, ''),
  ]);
  const expected = [
    { kind: 'ns', id: 0, payload: 'P 1\nT Name:\ttini\nC aGk=\n' },
    { kind: 'round', id: 0, payload: '' },
    { kind: 'file', id: 7, payload: 'ok\nhôte\n' },
    { kind: 'sync', id: 3, payload: '' },
  ];

  it('decodes frames from one chunk', () => {
    expect(new FrameDecoder().push(stream)).toEqual(expected);
  });

  it('decodes the same frames from chunks cut at every byte', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const decoder = new FrameDecoder();
      expect([...decoder.push(stream.subarray(0, cut)), ...decoder.push(stream.subarray(cut))]).toEqual(expected);
    }
  });

  it('throws on a line that is not a frame header (the stream is lost)', () => {
    expect(() => new FrameDecoder().push(Buffer.from('Can\'t locate Foo.pm in @INC\n'))).toThrow(/not a frame header/);
    expect(() => new FrameDecoder().push(Buffer.from('bogus 1 0\n'))).toThrow(/not a frame header/);
  });

  it('refuses a frame longer than a box may send the host, from its header, before holding it', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(Buffer.from(`mounts 0 ${MAX_FRAME_BYTES}\n`))).toEqual([]);
    expect(() => new FrameDecoder().push(Buffer.from(`mounts 0 ${MAX_FRAME_BYTES + 1}\n`))).toThrow(/mounts reading is 32 MiB, more than the 32 MiB/);
    // A "header" that never ends is not held either.
    expect(() => new FrameDecoder().push(Buffer.alloc(100, 'a'))).toThrow(/not a frame header/);
  });

  it('decodes a frame of many chunks whole', () => {
    const payload = 'x'.repeat(1 << 20);
    const bytes = frame('mounts', 2, payload);
    const decoder = new FrameDecoder();
    const frames = [];
    for (let at = 0; at < bytes.length; at += 65536) frames.push(...decoder.push(bytes.subarray(at, at + 65536)));
    expect(frames).toEqual([{ kind: 'mounts', id: 2, payload }]);
  });
});

describe('agentCommand', () => {
  it('sends arguments in hex, so spaces and newlines in paths pass whole', () => {
    expect(agentCommand('file', 4, ['/lab/a b\nc'])).toBe(`file 4 ${Buffer.from('/lab/a b\nc').toString('hex')}\n`);
    expect(agentCommand('overlay', 5, ['12', '', '/l'])).toBe('overlay 5 3132  2f6c\n');
    expect(agentCommand('watch', 25)).toBe('watch 25\n');
  });
});
