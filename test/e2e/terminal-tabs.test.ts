// A lab with two terminals in Debian's Chromium against a real `nslab serve`
// and lab box: the tabs switch which terminal shows, each a shell of its own in
// the same box, and say which one is pressed.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServedApp, type ServeProcess } from '../helpers/browser';

const app = useServedApp();
let page: Page;
let serve: ServeProcess;
beforeAll(() => {
  ({ page, serve } = app);
});

describe('terminal tabs', () => {
  it('shows one terminal at a time, the one whose tab is pressed', async () => {
    await page.goto(serve.url);
    await page.getByTestId('open-mnt-namespace').click();
    await page.locator('[data-testid="session-status"][data-status="ready"]').waitFor({ timeout: 30_000 });
    const [first, second] = [page.getByTestId('terminal-tab-0'), page.getByTestId('terminal-tab-1')];
    await expect(first.textContent()).resolves.toContain('Terminal 1');
    await expect(first.getAttribute('aria-pressed')).resolves.toBe('true');
    await page.locator('[data-testid="terminal-0"] .xterm-rows').getByText('root@nslab-box').first().waitFor();
    await expect(page.getByTestId('terminal-1').isVisible()).resolves.toBe(false);

    await second.click();
    await page.locator('[data-testid="terminal-1"] .xterm-rows').getByText('root@nslab-box').first().waitFor();
    await expect(second.getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(first.getAttribute('aria-pressed')).resolves.toBe('false');
    await expect(page.getByTestId('terminal-0').isVisible()).resolves.toBe(false);
  });
});
