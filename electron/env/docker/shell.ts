// An interactive shell in a container on a pseudo-terminal, as a learner has it:
// what the grader types its solutions into, and what terminals attach to.
import type Docker from 'dockerode';
import type { Duplex } from 'node:stream';
import type { TerminalCommand } from '../../terminals/terminal-process';

export interface ShellOptions {
  cols?: number;
  rows?: number;
  command?: string[];
  env?: string[];
}

export class BoxShell {
  private readonly listeners = new Set<(data: string) => void>();
  private closed = false;
  readonly exited: Promise<void>;

  private constructor(
    private readonly exec: Docker.Exec,
    private readonly stream: Duplex,
  ) {
    stream.setEncoding('utf8');
    stream.on('data', (data: string) => this.listeners.forEach((listener) => listener(data)));
    this.exited = new Promise((resolve) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', resolve);
    });
  }

  static async open(container: Docker.Container, options: ShellOptions = {}): Promise<BoxShell> {
    const { cols = 120, rows = 32, command = ['bash', '-i'], env = [] } = options;
    const exec = await container.exec({
      Cmd: command,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: ['TERM=xterm-256color', ...env],
    });
    const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
    const shell = new BoxShell(exec, stream);
    await shell.resize(cols, rows);
    return shell;
  }

  write(data: string): void {
    if (!this.closed) this.stream.write(data);
  }

  onData(listener: (data: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async resize(cols: number, rows: number): Promise<void> {
    // The exec is resizable only once the engine has started it.
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await this.exec.resize({ w: cols, h: rows });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.stream.end();
    this.stream.destroy();
  }
}

/**
 * A learner's bash in the box, through the docker CLI on a local pseudo-terminal,
 * which relays later size changes (SIGWINCH). It starts the exec at 0x0 and sends
 * the first size a moment later, so the shell sets its size itself before
 * anything can ask.
 */
export function boxShellCommand(containerId: string, cols: number, rows: number): TerminalCommand {
  const size = `stty cols ${Math.floor(cols)} rows ${Math.floor(rows)} 2>/dev/null; exec bash -i`;
  return { file: 'docker', args: ['exec', '-it', '-e', 'TERM=xterm-256color', containerId, 'sh', '-c', size] };
}
