// A class end to end: a real `nslab classroom` process, learners as real
// `nslab grade … --report-to` processes with real lab boxes, and the
// instructor's page in Debian's Chromium. Screenshot: instructor-view.png.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { launchChromium, startServe } from '../helpers/browser';
import { startClassroom, type ClassroomProcess } from '../helpers/classroom';
import { REPO_ROOT, runCli } from '../helpers/cli';

const SHOTS = join(REPO_ROOT, 'test-results', 'screenshots');
const scratch = mkdtempSync(join(tmpdir(), 'nslab-e2e-class-'));
const WRONG_ATTEMPT = join(REPO_ROOT, 'test/labs/attempts/uts-namespace.hostname-without-unshare.sh');
let classroom: ClassroomProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  classroom = await startClassroom(join(scratch, 'class.json'));
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 600 }, acceptDownloads: true });
});
afterAll(async () => {
  await browser?.close();
  await classroom?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** nslab's folder for the learners' side (the secrets of the classes joined), not the user's. */
const LEARNER_ENV = { XDG_CONFIG_HOME: join(scratch, 'config') };

function learner(name: string, how: string[]) {
  return runCli(['grade', 'labs/uts-namespace', ...how, '--report-to', classroom.learnerUrl, '--code', classroom.code, '--learner', name], LEARNER_ENV);
}

const rows = () => page.getByTestId('learner-row');
const row = (name: string) => page.locator(`[data-testid="learner-row"][data-learner="${name}"]`);

describe('a class on loopback', () => {
  it('two learners finish uts-namespace in their own processes and report it', async () => {
    const [ada, grace] = await Promise.all([learner('Ada Lovelace', ['--solve']), learner('Grace Hopper', ['--solve'])]);
    for (const result of [ada, grace]) {
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/reported (\d+) of \1 steps of uts-namespace/);
    }
  });

  it('a learner grading again joins as the same learner (its secret was kept); another name cannot be taken', async () => {
    const again = await learner('Ada Lovelace', ['--solve']);
    expect(again.stderr).toMatch(/reported (\d+) of \1 steps of uts-namespace/);
    const impostor = await runCli(
      ['grade', 'labs/uts-namespace', '--solve', '--report-to', classroom.learnerUrl, '--code', classroom.code, '--learner', 'Grace Hopper'],
      { XDG_CONFIG_HOME: join(scratch, 'impostor-config') },
    );
    expect(impostor.code).toBe(0);
    expect(impostor.stderr).toMatch(/will not be reported.*HTTP 409.*Grace Hopper/);
  });

  it('the instructor page shows both, every step passed', async () => {
    const violations: string[] = [];
    await page.exposeFunction('nslabCspViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { nslabCspViolation(t: string): void }).nslabCspViolation(`${e.violatedDirective} ${e.sample}`));
    });
    const response = await page.goto(classroom.instructorUrl);
    // The class server's header is as strict as the page's own meta CSP: no inline styles.
    expect((await response!.allHeaders())['content-security-policy']).toMatch(/style-src 'self';/);
    // The token became a cookie and left the address bar: the page may be projected.
    expect(new URL(page.url()).search).toBe('');
    await page.locator('[data-testid="connection"][data-state="live"]').waitFor();
    await expect(page.getByTestId('join-code').textContent()).resolves.toBe(classroom.code);
    await expect(rows().count()).resolves.toBe(2);
    for (const name of ['Ada Lovelace', 'Grace Hopper']) {
      const statuses = await row(name).getByTestId('cell').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-status')));
      expect(statuses.length).toBeGreaterThanOrEqual(4);
      expect(new Set(statuses)).toEqual(new Set(['pass']));
      await expect(row(name).getByTestId('passed').textContent()).resolves.toBe(`${statuses.length}/${statuses.length}`);
    }
    expect(violations).toEqual([]);
  });

  it('a learner joins from the app (browser mode), and "Check my work" reaches the table', async () => {
    const serve = await startServe(join(scratch, 'progress.json'), { env: LEARNER_ENV });
    try {
      const app = await browser.newPage({ viewport: { width: 1280, height: 700 } });
      await app.goto(serve.url);
      await app.getByTestId('classroom-open').waitFor();
      // nslab serve's token, too, became a cookie (named after its port) and left the address bar.
      expect(new URL(app.url()).search).toBe('');
      const cookies = await app.context().cookies();
      expect(cookies.find((c) => c.name === `nslab_token_${new URL(serve.url).port}`)).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      await app.reload();
      await app.getByTestId('classroom-open').click();
      await app.getByTestId('classroom-url').fill(classroom.learnerUrl.replace('http://', ''));
      await app.getByTestId('classroom-code').fill('WRONG-CODE');
      await app.getByTestId('classroom-learner').fill('Barbara Liskov');
      await app.getByTestId('classroom-join').click();
      await expect(app.getByTestId('classroom-error').textContent()).resolves.toContain('join code');
      await app.screenshot({ path: join(SHOTS, 'classroom-join-refused.png'), clip: { x: 0, y: 0, width: 1280, height: 220 } });
      await app.getByTestId('classroom-code').fill(classroom.code.toLowerCase());
      await app.getByTestId('classroom-join').click();
      await app.getByTestId('classroom-joined').waitFor();
      await app.screenshot({ path: join(SHOTS, 'classroom-joined.png') });
      await app.getByTestId('open-uts-namespace').click();
      await app.locator('[data-testid="session-status"][data-status="ready"]').waitFor({ timeout: 30_000 });
      await app.getByTestId('check').click();
      await app.getByTestId('grade').waitFor({ timeout: 15_000 });
      await expect(app.getByTestId('grade').getAttribute('data-status')).resolves.toBe('fail');
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    await row('Barbara Liskov').locator('[data-cell="uts-namespace/look-around"][data-status="fail"]').waitFor({ timeout: 10_000 });
  });

  it('updates live when another learner reports a wrong attempt', async () => {
    const linus = await learner('Linus', ['--submission', WRONG_ATTEMPT]);
    expect(linus.code, linus.stderr).toBe(1);
    await row('Linus').locator('[data-testid="cell"][data-status="fail"]').first().waitFor({ timeout: 10_000 });
    await expect(rows().count()).resolves.toBe(4);
    // The instructor clicks a failed step to see why.
    await row('Linus').locator('[data-testid="cell"][data-status="fail"]').first().click();
    await expect(page.getByTestId('cell-detail').textContent()).resolves.toMatch(/Linus ·.*✘ fail/s);
    await page.screenshot({ path: join(SHOTS, 'instructor-view.png') });
  });

  it('the instructor page has no serious or critical accessibility violations, light or dark', async () => {
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('downloads the table as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    expect(download.suggestedFilename()).toMatch(/^nslab-class-\d{4}-\d\d-\d\d\.csv$/);
    const lines = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('learner,lab,lab_title,step,step_title,status,checked_at,problems');
    const statusOf = (name: string) => lines.filter((l) => l.startsWith(`${name},`)).map((l) => (l.includes(',pass,') ? 'pass' : 'other'));
    expect(new Set(statusOf('Ada Lovelace'))).toEqual(new Set(['pass']));
    expect(new Set(statusOf('Grace Hopper'))).toEqual(new Set(['pass']));
    expect(statusOf('Linus')).toContain('other');
  });

  it('keeps the table when the class server restarts', async () => {
    expect(await classroom.stop()).toBe(0);
    classroom = await startClassroom(join(scratch, 'class.json'));
    await page.goto(classroom.instructorUrl);
    await page.locator('[data-testid="connection"][data-state="live"]').waitFor();
    await expect(rows().count()).resolves.toBe(4);
  });
});
