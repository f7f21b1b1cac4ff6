// What a terminal runs: a shell that prints, takes keystrokes, changes size and
// ends. On a Docker box or a host shell it is a process on a local
// pseudo-terminal (node-pty); on a Kubernetes box it is an exec stream through
// the API server (env/kube-box/pod-exec.ts). TerminalSession keeps the
// scrollback and does not know which it has.
import { spawn } from '@lydell/node-pty';

export interface TerminalProcess {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  onData(listener: (data: string) => void): void;
  /** once, with the exit code (-1 when the stream broke without one) */
  onExit(listener: (exitCode: number) => void): void;
  kill(): void;
}

export interface TerminalCommand {
  file: string;
  args: string[];
  env?: Record<string, string>;
}

/** `command` on a local pseudo-terminal. */
export function spawnPty(command: TerminalCommand, cols: number, rows: number): TerminalProcess {
  const pty = spawn(command.file, command.args, {
    name: 'xterm-256color',
    cols,
    rows,
    env: { ...process.env, TERM: 'xterm-256color', ...command.env } as Record<string, string>,
  });
  return {
    write: (data) => pty.write(data),
    resize: (c, r) => pty.resize(c, r),
    onData: (listener) => void pty.onData(listener),
    onExit: (listener) => void pty.onExit(({ exitCode }) => listener(exitCode)),
    kill: () => pty.kill(),
  };
}
