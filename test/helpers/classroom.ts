// A real `nslab classroom` process, and what it printed: where learners
// join, the join code, the instructor page's URL.
import type { ChildProcess } from 'node:child_process';
import { startNslab } from './cli';

export interface ClassroomProcess {
  /** everything it printed on stdout at start */
  output: string;
  learnerUrl: string;
  code: string;
  instructorUrl: string;
  process: ChildProcess;
  /** SIGTERM, then wait: the server saves the table on the way out */
  stop(): Promise<number | null>;
}

export async function startClassroom(stateFile: string, extraArgs: string[] = []): Promise<ClassroomProcess> {
  const { ready, process, stop } = await startNslab(
    ['classroom', '--port', '0', '--state', stateFile, ...extraArgs],
    (out) => {
      const learnerUrl = /learners join at: (\S+)/.exec(out)?.[1];
      const code = /join code: +(\S+)/.exec(out)?.[1];
      const instructorUrl = /instructor page: +(\S+)/.exec(out)?.[1];
      return learnerUrl && code && instructorUrl && out.includes('class state:') ? { output: out, learnerUrl, code, instructorUrl } : undefined;
    },
    { timeoutMs: 30_000 },
  );
  return { ...ready, process, stop };
}
