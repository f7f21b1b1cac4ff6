// The renderer under its strict CSP (no inline scripts or styles), in Debian's
// Chromium: the catalog, a lab, a terminal that echoes and is styled, the
// instructor-free pages, and not one policy violation on the way.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useServedApp, type ServeProcess } from '../helpers/browser';

const app = useServedApp();
let page: Page;
let serve: ServeProcess;
const violations: string[] = [];
beforeAll(async () => {
  ({ page, serve } = app);
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(`${message.text().slice(0, 60)} ${JSON.stringify(message.location())}`);
  });
  await page.exposeFunction('nslabCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { nslabCspViolation(t: string): void }).nslabCspViolation(`${e.violatedDirective} ${e.blockedURI} ${e.sample} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${(e.target as Element).outerHTML?.slice(0, 150)}`),
    );
  });
});

describe('the renderer under its CSP', () => {
  it('has no inline style allowance, in the page nor in the header serve sends', async () => {
    const response = await page.goto(serve.url);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("style-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    const header = (await response!.allHeaders())['content-security-policy'];
    expect(header).toContain("style-src 'self';");
    expect(header).not.toContain('unsafe-inline');
  });

  it('opens a lab whose terminal echoes and is laid out by its adopted styles, with no violation', async () => {
    await page.getByTestId('open-uts-namespace').click();
    await page.locator('[data-testid="session-status"][data-status="ready"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="terminal-0"] .xterm-rows').getByText('root@nslab-box').first().waitFor();
    await app.type('echo csp-$((40+2))');
    await page.locator('[data-testid="terminal-0"] .xterm-rows').getByText('csp-42').first().waitFor();
    // xterm's cell size comes from its (adopted) dimension style: rows have a pixel line height.
    const lineHeight = await page.locator('[data-testid="terminal-0"] .xterm-rows > div').first().evaluate((row) => getComputedStyle(row).lineHeight);
    expect(lineHeight).toMatch(/^\d+(\.\d+)?px$/);
    expect(violations).toEqual([]);
  });
});
