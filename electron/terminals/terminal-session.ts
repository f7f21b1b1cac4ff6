// One terminal: a shell (terminal-process.ts: a local pseudo-terminal or an exec
// stream), its scrollback, its size. The renderer's xterm.js shows what it
// prints and sends what is typed.
import { randomBytes } from 'node:crypto';
import type { EnvironmentShell } from '../engine/environment';
import { spawnPty, type TerminalCommand, type TerminalProcess } from './terminal-process';

/** Enough for a lab's worth of output; older output is dropped first. */
const SCROLLBACK_LIMIT = 512 * 1024;

export class TerminalSession {
  readonly id = randomBytes(6).toString('hex');
  private scrollback = '';
  private exitCode: number | undefined;
  private readonly dataListeners = new Set<(data: string) => void>();
  private readonly exitListeners = new Set<(code: number) => void>();

  constructor(
    readonly index: number,
    private readonly pty: TerminalProcess,
  ) {
    this.pty.onData((data) => {
      this.scrollback = (this.scrollback + data).slice(-SCROLLBACK_LIMIT);
      this.dataListeners.forEach((listener) => listener(data));
    });
    this.pty.onExit((exitCode) => {
      this.exitCode = exitCode;
      this.exitListeners.forEach((listener) => listener(exitCode));
    });
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  get output(): string {
    return this.scrollback;
  }

  onData(listener: (data: string) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onExit(listener: (code: number) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  write(data: string): void {
    if (this.alive) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.alive && cols > 0 && rows > 0) this.pty.resize(Math.floor(cols), Math.floor(rows));
  }

  dispose(): void {
    if (this.alive) this.pty.kill();
    this.dataListeners.clear();
  }
}

/** A terminal as the grader types into it: the same PTY a learner gets. */
export function ptyShell(command: TerminalCommand, cols = 120, rows = 32): EnvironmentShell {
  return terminalShell(spawnPty(command, cols, rows));
}

/** A terminal process as the grader's shell. */
export function terminalShell(process: TerminalProcess): EnvironmentShell {
  const session = new TerminalSession(0, process);
  const exited = new Promise<void>((resolve) => session.onExit(() => resolve()));
  return {
    write: (data) => session.write(data),
    onData: (listener) => session.onData(listener),
    exited,
    dispose: () => session.dispose(),
  };
}
