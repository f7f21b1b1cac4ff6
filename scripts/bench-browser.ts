/// <reference lib="dom" />
// npm run bench (browser part): latencies a learner feels, measured in Debian's
// Chromium against a real `nslab serve` and a real lab box. Prints numbers only.
//  - keystroke to echo: a key pressed in the page until xterm shows it
//  - state change to panel: a namespace created in the box (outside the page)
//    until the namespaces panel shows it
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, startServe } from '../test/helpers/browser';
import { latencyRow } from './bench-stats';

const SAMPLES = Number(process.env.NSLAB_BENCH_SAMPLES ?? 30);



async function main(): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'nslab-bench-'));
  const serve = await startServe(join(scratch, 'progress.json'));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 950 } });
    await page.goto(`${serve.url}#/lab/uts-namespace`);
    await page.locator('[data-testid="session-status"][data-status="ready"]').waitFor({ timeout: 60_000 });
    const rows = page.locator('[data-testid="terminal-0"] .xterm-rows');
    await rows.getByText('root@nslab-box').first().waitFor();
    await page.locator('[data-testid="terminal-0"] .xterm').click();

    const echo: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const marker = `k${i}q`;
      const start = performance.now();
      await page.keyboard.type(marker, { delay: 0 });
      await page.waitForFunction((m) => document.querySelector('[data-testid="terminal-0"] .xterm-rows')?.textContent?.includes(m), marker, { polling: 'raf' });
      echo.push((performance.now() - start) / marker.length);
      await page.keyboard.press('Control+U');
    }

    const panel: number[] = [];
    const container = execFileSync('docker', ['ps', '-q', '--filter', 'label=nslab.lab=uts-namespace'], { encoding: 'utf8' }).trim().split('\n')[0]!;
    await page.getByTestId('ns-row-1').waitFor();
    for (let i = 0; i < Math.min(SAMPLES, 15); i++) {
      const before = await page.locator('[data-testid^="ns-row-"]').count();
      const start = performance.now();
      execFileSync('docker', ['exec', '-d', container, 'unshare', '--uts', 'sleep', String(1000 + i)]);
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid^="ns-row-"]').length > n, before, { polling: 'raf', timeout: 10_000 });
      panel.push(performance.now() - start);
    }

    console.log('nslab bench — browser mode in Chromium, uts-namespace lab box');
    console.log(latencyRow('keystroke to echo (per key)', echo, 1));
    console.log(latencyRow('state change to panel', panel, 1));
  } finally {
    await browser.close();
    await serve.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
