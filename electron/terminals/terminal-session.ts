// One terminal: a process on a pseudo-terminal (node-pty), its scrollback, its
// size. The renderer's xterm.js shows what it prints and sends what is typed.
import { spawn, type IPty } from '@lydell/node-pty';
import { randomBytes } from 'node:crypto';
import type { EnvironmentShell } from '../engine/environment';

/** Enough for a lab's worth of output; older output is dropped first. */
const SCROLLBACK_LIMIT = 512 * 1024;

export interface TerminalCommand {
  file: string;
  args: string[];
  env?: Record<string, string>;
}

export class TerminalSession {
  readonly id = randomBytes(6).toString('hex');
  private readonly pty: IPty;
  private scrollback = '';
  private exitCode: number | undefined;
  private readonly dataListeners = new Set<(data: string) => void>();
  private readonly exitListeners = new Set<(code: number) => void>();

  constructor(
    readonly index: number,
    command: TerminalCommand,
    cols: number,
    rows: number,
  ) {
    this.pty = spawn(command.file, command.args, {
      name: 'xterm-256color',
      cols,
      rows,
      env: { ...process.env, TERM: 'xterm-256color', ...command.env } as Record<string, string>,
    });
    this.pty.onData((data) => {
      this.scrollback = (this.scrollback + data).slice(-SCROLLBACK_LIMIT);
      this.dataListeners.forEach((listener) => listener(data));
    });
    this.pty.onExit(({ exitCode }) => {
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

/**
 * A bash in the lab box, through the docker CLI, which relays later size
 * changes (SIGWINCH). It starts the exec at 0x0 and sends the first size a
 * moment later, so the shell sets its size itself before anything can ask.
 */
export function boxShellCommand(containerId: string, cols: number, rows: number): TerminalCommand {
  const size = `stty cols ${Math.floor(cols)} rows ${Math.floor(rows)} 2>/dev/null; exec bash -i`;
  return { file: 'docker', args: ['exec', '-it', '-e', 'TERM=xterm-256color', containerId, 'sh', '-c', size] };
}

/** A terminal as the grader types into it: the same PTY a learner gets. */
export function ptyShell(command: TerminalCommand, cols = 120, rows = 32): EnvironmentShell {
  const session = new TerminalSession(0, command, cols, rows);
  const exited = new Promise<void>((resolve) => session.onExit(() => resolve()));
  return {
    write: (data) => session.write(data),
    onData: (listener) => session.onData(listener),
    exited,
    dispose: () => session.dispose(),
  };
}
