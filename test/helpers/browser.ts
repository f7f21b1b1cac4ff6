// Debian's Chromium driven by playwright-core (no browser download), and a real
// `nslab serve` process to point it at.
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { REPO_ROOT, startNslab } from './cli';

/** Where every browser test leaves its screenshots. */
export const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots');

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
export async function startServe(progressFile: string, extra: { args?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<ServeProcess> {
  const { ready, process, stop } = await startNslab(['serve', '--progress', progressFile, ...(extra.args ?? [])], (out) => /nslab is ready: (\S+)/.exec(out)?.[1], {
    ...(extra.env ? { env: extra.env } : {}),
    timeoutMs: 15_000,
  });
  return { url: ready, process, stop };
}

export interface ServedApp {
  serve: ServeProcess;
  browser: Browser;
  /** one page, 1600x950 */
  page: Page;
  /** types a line into terminal 0 of the open lab, as a learner would */
  type(line: string): Promise<void>;
}

/**
 * Registers the hooks of a browser test: an `nslab serve` with a progress file
 * of its own (and `extra` arguments, read when the hooks run), Chromium and a
 * page; all gone after. The returned object is filled in before the tests run.
 */
export function useServedApp(extra: () => { args?: string[]; env?: NodeJS.ProcessEnv } = () => ({})): ServedApp {
  const scratch = mkdtempSync(join(tmpdir(), 'nslab-e2e-'));
  const app = {
    async type(line: string) {
      await app.page.locator('[data-testid="terminal-0"] .xterm').click();
      await app.page.keyboard.type(line);
      await app.page.keyboard.press('Enter');
    },
  } as ServedApp;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    app.serve = await startServe(join(scratch, 'progress.json'), extra());
    app.browser = await launchChromium();
    app.page = await app.browser.newPage({ viewport: { width: 1600, height: 950 } });
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.serve?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });
  return app;
}
