/// <reference lib="dom" />
// npm run bench (desk part), in Debian's Chromium against a real `nslab serve`
// and lab box. Prints numbers only.
//  - Run to terminal: a step's Run button clicked until its command shows in xterm
//  - frame rate with the cgroup charts live while the box burns CPU, and the
//    longest frame (rAF intervals over FRAME_WINDOW_MS)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, startServe } from '../test/helpers/browser';
import { latencyRow } from './bench-stats';

const SAMPLES = Number(process.env.NSLAB_BENCH_SAMPLES ?? 20);
const FRAME_WINDOW_MS = 5_000;

async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'nslab-bench-desk-'));
  const serve = await startServe(join(scratch, 'progress.json'));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${serve.url}#/lab/uts-namespace`);
    await page.locator('[data-testid="session-status"][data-status="ready"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="terminal-0"] .xterm-rows').getByText('root@nslab-box').first().waitFor();
    await page.getByTestId('goto-look-around').click();
    const run = page.getByTestId('step-look-around').getByTestId('code-block-0').getByRole('button', { name: /^Run/ });

    const runToTerminal: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const before = await page.evaluate(() => document.querySelector('[data-testid="terminal-0"] .xterm-rows')?.textContent?.split('readlink').length ?? 0);
      const start = performance.now();
      await run.click();
      await page.waitForFunction(
        (n) => (document.querySelector('[data-testid="terminal-0"] .xterm-rows')?.textContent?.split('readlink').length ?? 0) > n,
        before,
        { polling: 'raf' },
      );
      runToTerminal.push(performance.now() - start);
      await page.locator('[data-testid="terminal-0"] .xterm').click();
      await page.keyboard.type('clear\n');
      await page.waitForFunction(() => !document.querySelector('[data-testid="terminal-0"] .xterm-rows')?.textContent?.includes('readlink'), undefined, { polling: 'raf' });
    }

    await page.getByTestId('panel-tab-cgroups').click();
    await page.locator('[data-testid="cgroup-charts-/"] [data-chart="cpu"] canvas').waitFor();
    await page.locator('[data-testid="terminal-0"] .xterm').click();
    await page.keyboard.type('timeout 8 sh -c "while :; do :; done"\n');
    // A string, not a function: tsx's helpers (__name) do not exist in the page.
    const frames = await page.evaluate<number[]>(`new Promise((resolve) => {
      const stamps = [];
      const tick = (t) => {
        stamps.push(t);
        if (t - stamps[0] < ${FRAME_WINDOW_MS}) requestAnimationFrame(tick);
        else resolve(stamps);
      };
      requestAnimationFrame(tick);
    })`);
    const intervals = frames.slice(1).map((t, i) => t - frames[i]!);
    const seconds = (frames[frames.length - 1]! - frames[0]!) / 1000;

    console.log('nslab bench — the learner\'s desk in Chromium, uts-namespace lab box');
    console.log(latencyRow('Run click to command in terminal', runToTerminal, 1));
    console.log(`frame rate, cgroup charts live, box busy: ${(intervals.length / seconds).toFixed(1)} fps over ${seconds.toFixed(1)} s, longest frame ${Math.max(...intervals).toFixed(1)} ms`);
  } finally {
    await browser.close();
    await serve.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
