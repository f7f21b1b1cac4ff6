// Opening a lab pack that did not ship with nslab, in Debian's Chromium against
// a real `nslab serve`: the dialog lists what its labs run and where (lint's
// list), keeps the focus, is named, and Escape refuses (nothing opens); trusted,
// the pack's labs join the catalog; after a restart the same pack opens without
// asking, and a changed one asks again. Trust records go to a config folder of
// the test's own. Screenshot: test-results/screenshots/pack-trust.png.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { launchChromium, SCREENSHOTS, startServe, type ServeProcess } from '../helpers/browser';
import { REPO_ROOT } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'nslab-e2e-trust-'));
const env = { XDG_CONFIG_HOME: join(scratch, 'config') };
const pack = join(scratch, 'course');
let serve: ServeProcess;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // A course of one lab: the shipped uts-namespace under an id of its own.
  const lab = join(pack, 'course-uts');
  cpSync(join(REPO_ROOT, 'labs/uts-namespace'), lab, { recursive: true });
  writeFileSync(join(lab, 'lab.yaml'), readFileSync(join(lab, 'lab.yaml'), 'utf8').replace(/^id: uts-namespace$/m, 'id: course-uts'));
  writeFileSync(join(pack, 'course.pack.yaml'), 'id: course\ntitle: A course from elsewhere\nversion: 1.0.0\nlabs: [course-uts]\nimages: [nslab/box:1]\n');
  serve = await startServe(join(scratch, 'progress.json'), { env });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function openPack(page: Page): Promise<void> {
  await page.getByTestId('pack-open').click();
  await page.getByLabel('Folder of labs on this machine').fill(pack);
  await page.getByTestId('pack-submit').click();
}

/** Is the focused element inside the dialog? */
const focusInDialog = (page: Page) => page.evaluate(() => Boolean(document.activeElement?.closest('dialog[open]')));

describe('opening a lab pack that did not ship with nslab', () => {
  it('shows what it runs, keeps the focus, and refuses on Escape with nothing opened', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(serve.url);
    await page.getByTestId('catalog').waitFor();
    await openPack(page);

    const dialog = page.getByRole('dialog', { name: 'Open this lab pack?' });
    await dialog.waitFor();
    const list = await page.getByTestId('pack-trust-list').textContent();
    expect(list).toContain('course-uts: in a confined lab box');
    expect(list).toContain('box:  image nslab/box:1 on the local Docker engine, no network');
    await expect(dialog.textContent()).resolves.toMatch(/sha256:[a-f0-9]{64}/);
    // The safe choice has the focus, and Tab never leaves the dialog (the page behind is inert).
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('pack-trust-refuse');
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await focusInDialog(page)).toBe(true);
    }
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'pack-trust.png') });

    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect(page.getByTestId('pack-message').textContent()).resolves.toContain('Not opened');
    await page.reload();
    await page.getByTestId('catalog').waitFor();
    await expect(page.getByTestId('open-course-uts').count()).resolves.toBe(0);
    await page.close();
  });

  it('opens it once trusted, and its labs join the catalog', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(serve.url);
    await page.getByTestId('catalog').waitFor();
    await openPack(page);
    await page.getByTestId('pack-trust-accept').click();
    await page.getByTestId('pack-course').getByTestId('open-course-uts').waitFor();
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);
    await page.close();
  });

  it('does not ask again after a restart, and asks again once the pack changed', async () => {
    await serve.stop();
    serve = await startServe(join(scratch, 'progress.json'), { env });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(serve.url);
    await page.getByTestId('catalog').waitFor();
    await openPack(page);
    await page.getByTestId('pack-course').getByTestId('open-course-uts').waitFor();
    await expect(page.getByTestId('pack-message').textContent()).resolves.toContain(`Opened ${pack}`);
    await expect(page.getByRole('dialog').count()).resolves.toBe(0);

    writeFileSync(join(pack, 'course-uts', 'steps', 'added.md'), 'a file the learner was not shown\n');
    await page.reload();
    await page.getByTestId('catalog').waitFor();
    // The changed pack left the catalog, said so, and opening it asks again.
    await expect(page.getByTestId('open-course-uts').count()).resolves.toBe(0);
    await expect(page.getByLabel('lab problems').textContent()).resolves.toContain('changed since you trusted it');
    await openPack(page);
    await page.getByRole('dialog', { name: 'Open this lab pack?' }).waitFor();
    await page.close();
  });
});
