// A real `nslab classroom` process, and what it printed: where learners
// join, the join code, the instructor page's URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './cli';

export interface ClassroomProcess {
  learnerUrl: string;
  code: string;
  instructorUrl: string;
  process: ChildProcess;
  /** SIGTERM, then wait: the server saves the table on the way out */
  stop(): Promise<number | null>;
}

export function startClassroom(stateFile: string, extraArgs: string[] = []): Promise<ClassroomProcess> {
  const child = spawn(process.execPath, ['bin/nslab.mjs', 'classroom', '--port', '0', '--state', stateFile, ...extraArgs], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nslab classroom did not start:\n${stdout}${stderr}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const learnerUrl = /learners join at: (\S+)/.exec(stdout)?.[1];
      const code = /join code: +(\S+)/.exec(stdout)?.[1];
      const instructorUrl = /instructor page: +(\S+)/.exec(stdout)?.[1];
      if (!learnerUrl || !code || !instructorUrl) return;
      clearTimeout(timer);
      resolve({
        learnerUrl,
        code,
        instructorUrl,
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
            child.once('exit', (exitCode) => done(exitCode));
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (exitCode) => reject(new Error(`nslab classroom exited (${exitCode}):\n${stderr}`)));
  });
}
