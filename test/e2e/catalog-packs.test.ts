// The catalog in Debian's Chromium against a real `nslab serve`: a section per
// pack (title, version, its images and whether the engine has them), labs in
// pack order. Screenshot: test-results/screenshots/catalog-packs.png.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { launchChromium, startServe, type ServeProcess } from '../helpers/browser';
import { REPO_ROOT } from '../helpers/cli';

const SHOTS = join(REPO_ROOT, 'test-results', 'screenshots');
const scratch = mkdtempSync(join(tmpdir(), 'nslab-e2e-packs-'));
let serve: ServeProcess;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  serve = await startServe(join(scratch, 'progress.json'));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('the catalog, grouped by pack', () => {
  it('shows each pack with its version, images and labs in order', async () => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(serve.url);
    const kernel = page.getByTestId('pack-kernel');
    await kernel.getByTestId('open-uts-namespace').waitFor();

    await expect(kernel.getByRole('heading', { level: 2 }).first().textContent()).resolves.toContain('Containers from the kernel up');
    await expect(kernel.getByTestId('pack-version').textContent()).resolves.toBe('v1.0.0');
    await expect(kernel.getByTestId('pack-image-nslab/box:1').getAttribute('data-state')).resolves.toBe('present');
    const order = await kernel.locator('a.lab-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-testid')));
    expect(order.slice(0, 3)).toEqual(['open-uts-namespace', 'open-pid-namespace', 'open-ipc-namespace']);
    const packLabs = (parse(readFileSync(join(REPO_ROOT, 'labs/kernel.pack.yaml'), 'utf8')) as { labs: string[] }).labs;
    expect(order).toEqual(packLabs.map((id) => `open-${id}`));

    const kube = page.getByTestId('pack-kubernetes-storage');
    // Present once `nslab prepare --pack kubernetes-storage` built it (test/cli/packs.test.ts).
    const node = kube.getByTestId('pack-image-nslab/kind-node:v1.37.2-r3');
    if ((await node.getAttribute('data-state')) !== 'present') await expect(node.textContent()).resolves.toContain('it builds nslab/kind-node:v1.37.2-r3 from Debian');
    await expect(kube.locator('a.lab-card').first().getAttribute('data-testid')).resolves.toBe('open-controller-reconcile');
    // Every shipped lab belongs to a pack.
    await expect(page.getByTestId('pack-other').count()).resolves.toBe(0);

    await page.screenshot({ path: join(SHOTS, 'catalog-packs.png'), fullPage: true });
    await page.close();
  });
});
