import { describe, expect, it } from 'vitest';
import { cleanTranscript } from '../../electron/engine/typist';

describe('cleanTranscript', () => {
  it('drops escape sequences, carriage returns and marker lines', () => {
    const raw =
      '\x1b[?2004h\x1b]0;root@box: /\x07root@box:/# hostname\r\r\nnslab-box\r\n' +
      'root@box:/# echo "__nslab_""done_ab12_1:$?"\r\n__nslab_done_ab12_1:0\r\n';
    expect(cleanTranscript(raw, '__nslab_done_ab12_')).toBe('root@box:/# hostname\nnslab-box');
  });
});
