// "What this machine offers" in the catalog, in Debian's Chromium against a real
// `nslab serve`: the same facts as `nslab doctor`, read from the real engine.
// Screenshot: test-results/screenshots/machine-report.png.
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { SCREENSHOTS, useServedApp } from '../helpers/browser';

const app = useServedApp();

it('opens the doctor report: engine, box mode, cgroups, Kubernetes, guest VM, and the labs that cannot run', { timeout: 120_000 }, async () => {
  const { page } = app;
  await page.goto(app.serve.url);
  const report = page.getByTestId('machine-report');
  await report.locator('summary').click();
  await report.getByTestId('finding-engine').waitFor({ timeout: 90_000 });
  await expect(report.getByTestId('finding-engine').textContent()).resolves.toMatch(/Docker \S+ at unix:\/\//);
  await expect(report.getByTestId('finding-cgroup').textContent()).resolves.toMatch(/cgroup v[12]; a box can use: .*memory/);
  await expect(report.getByTestId('finding-box mode').textContent()).resolves.toMatch(/confined|sysbox/);
  await expect(report.getByTestId('finding-modes').textContent()).resolves.toMatch(/privileged (starts|refused)/);
  await expect(report.getByTestId('finding-qemu').count()).resolves.toBe(1);
  await expect(report.getByRole('heading', { name: /Labs: \d+ of \d+ can run here/ }).count()).resolves.toBe(1);
  await page.screenshot({ path: join(SCREENSHOTS, 'machine-report.png'), fullPage: true });
});
