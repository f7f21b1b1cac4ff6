// A learner's first lab, end to end, in Debian's Chromium against a real
// `nslab serve` with a real lab box. Screenshots go to test-results/screenshots.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { connectDocker } from '../../electron/env/docker/engine';
import { SCREENSHOTS, useServedApp, type ServeProcess } from '../helpers/browser';

const app = useServedApp();
let page: Page;
let serve: ServeProcess;
beforeAll(() => {
  ({ page, serve } = app);
});
const typeInTerminal = app.type;

describe('a learner in the browser', () => {
  it('sees the catalog with every lab and what the machine offers', async () => {
    await page.goto(serve.url);
    await page.getByTestId('open-uts-namespace').waitFor();
    await expect(page.getByTestId('catalog').locator('a').count()).resolves.toBeGreaterThanOrEqual(13);
    await expect(page.getByTestId('environment').textContent()).resolves.toContain('✔ docker');
    await page.screenshot({ path: join(SCREENSHOTS, 'catalog.png'), fullPage: true });
  });

  it('opens uts-namespace and gets a ready terminal and live panels', async () => {
    await page.getByTestId('open-uts-namespace').click();
    await page.locator('[data-testid="session-status"][data-status="ready"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="terminal-0"] .xterm-rows').getByText('root@nslab-box').first().waitFor();
    await page.getByTestId('ns-row-1').waitFor();
  });

  it('types the solution and sees the namespaces panel change', async () => {
    await typeInTerminal('hostname > /lab/hostname-before');
    await typeInTerminal('unshare --uts bash');
    // The new shell's UTS cell differs from the box init's: the panel saw it.
    await page.locator('[data-testid^="ns-cell-"][data-testid$="-uts"][data-differs="true"]').first().waitFor({ timeout: 5_000 });
    await typeInTerminal('hostname lab-a');
  });

  it('presses "Check my work" and sees the step pass', async () => {
    await page.getByTestId('goto-set-hostname').click();
    await page.getByTestId('check').click();
    const grade = page.getByTestId('grade');
    await grade.waitFor({ timeout: 15_000 });
    await expect(grade.getAttribute('data-status')).resolves.toBe('pass');
    await page.screenshot({ path: join(SCREENSHOTS, 'lab-midway.png') });
  });

  it('shows what is wrong when a step is not done yet', async () => {
    await page.getByTestId('goto-leave').click();
    await page.getByTestId('check').click();
    const grade = page.getByTestId('grade');
    await grade.waitFor({ timeout: 15_000 });
    await expect(grade.getAttribute('data-status')).resolves.toBe('fail');
    await expect(grade.textContent()).resolves.toContain('/lab/hostname-after');
    await page.screenshot({ path: join(SCREENSHOTS, 'lab-check-failed.png') });
  });

  it('leaves no lab box behind once the server stops', async () => {
    // The page names its box; other tests may run boxes of the same lab meanwhile.
    const status = (await page.getByTestId('session-environment').textContent()) ?? '';
    const boxId = /docker lab box (\w+)/.exec(status)?.[1];
    expect(boxId).toBeDefined();
    const docker = await connectDocker();
    expect(await docker.listContainers({ filters: { id: [boxId!] } })).toHaveLength(1);
    expect(await serve.stop()).toBe(0);
    expect(await docker.listContainers({ all: true, filters: { id: [boxId!] } })).toEqual([]);
  });
});
