// Types commands into an interactive shell as a learner would, and knows when
// they have run: after the text it types a marker command whose *output* (not
// its echo) is recognisable, so nested shells (`unshare ... bash`) work too.
import { randomBytes } from 'node:crypto';
import type { EnvironmentShell } from './environment';

export interface TypedResult {
  /** exit status of the last command typed */
  exitCode: number;
  /** what the terminal showed, escape sequences and markers removed */
  transcript: string;
}

export class TypingTimeoutError extends Error {}

// Colours, cursor moves, OSC titles, bracketed-paste toggles.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[=>()][0-9A-Za-z]?/g;

export function cleanTranscript(raw: string, markerPrefix: string): string {
  return raw
    .replace(ESCAPES, '')
    .replace(/\r+\n/g, '\n')
    .replace(/\r/g, '')
    .split('\n')
    .filter((line) => !line.includes(markerPrefix) && !line.includes(markerPrefix.replace('done', '""done')))
    .join('\n')
    .trim();
}

/**
 * The keys a learner presses to type `text`: every line, Enter after each (a
 * newline, as the terminal's line discipline turns Enter into). The grader's
 * typist and the page's Run both type through this, so what a Run button does
 * is what `nslab grade --solve` proves.
 */
export function keystrokes(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n');
  return lines.endsWith('\n') ? lines : `${lines}\n`;
}

export class Typist {
  private readonly nonce = randomBytes(3).toString('hex');
  private sequence = 0;

  constructor(private readonly shell: EnvironmentShell) {}

  private get markerPrefix(): string {
    return `__nslab_done_${this.nonce}_`;
  }

  async type(text: string, timeoutMs = 60_000): Promise<TypedResult> {
    const n = ++this.sequence;
    // The quotes split the marker in the echoed input, so only its output matches.
    const markerCommand = `echo "__nslab_""done_${this.nonce}_${n}:$?"`;
    const marker = new RegExp(`__nslab_done_${this.nonce}_${n}:(\\d+)`);
    let raw = '';
    return new Promise<TypedResult>((resolve, reject) => {
      const finish = (result: TypedResult | Error) => {
        clearTimeout(timer);
        unsubscribe();
        if (result instanceof Error) reject(result);
        else resolve(result);
      };
      const unsubscribe = this.shell.onData((data) => {
        raw += data;
        const hit = marker.exec(raw.replace(ESCAPES, ''));
        if (hit) finish({ exitCode: Number(hit[1]), transcript: cleanTranscript(raw, this.markerPrefix) });
      });
      const timer = setTimeout(
        () =>
          finish(
            new TypingTimeoutError(
              `the typed commands did not finish within ${Math.round(timeoutMs / 1000)} s (is something still running in the foreground?)\n${cleanTranscript(raw, this.markerPrefix)}`,
            ),
          ),
        timeoutMs,
      );
      void this.shell.exited.then(() => finish(new Error(`the shell exited while typing\n${cleanTranscript(raw, this.markerPrefix)}`)));
      this.shell.write(keystrokes(`${keystrokes(text)}${markerCommand}`));
    });
  }
}
