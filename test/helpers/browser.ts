// Debian's Chromium driven by playwright-core (no browser download), and a real
// `nslab serve` process to point it at.
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from './cli';

export const CHROMIUM = process.env.NSLAB_CHROMIUM ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
}

export interface ServeProcess {
  url: string;
  process: ChildProcess;
  /** SIGTERM, then wait: the server removes its lab boxes on the way out */
  stop(): Promise<number | null>;
}

/** `extra`: more arguments for `nslab serve` (a cluster's kubeconfig, say) and the environment they need. */
export function startServe(progressFile: string, extra: { args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, ['bin/nslab.mjs', 'serve', '--progress', progressFile, ...(extra.args ?? [])], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...extra.env },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`nslab serve did not start:\n${stderr}`)), 15_000);
    child.stdout.on('data', (d: Buffer) => {
      const url = /nslab is ready: (\S+)/.exec(d.toString())?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        url,
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
            child.once('exit', (code) => done(code));
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`nslab serve exited (${code}):\n${stderr}`)));
  });
}
