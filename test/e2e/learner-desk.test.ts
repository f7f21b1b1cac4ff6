// The learner's desk in Debian's Chromium against a real `nslab serve` and lab
// box: Run on a step's code block types it into the terminal (the panel sees
// its effect), Copy, the column splitters remembered per lab, keyboard moves
// between steps, and an axe-core audit of the catalog and a lab. Screenshots
// at 1280x800 and 1440x900, light and dark, go to test-results/screenshots/desk-*.png.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { SCREENSHOTS, useServedApp, type ServeProcess } from '../helpers/browser';

const app = useServedApp();
let page: Page;
let serve: ServeProcess;
beforeAll(() => {
  ({ page, serve } = app);
});

const terminalText = () => page.locator('[data-testid="terminal-0"] .xterm-rows');

describe('the learner runs a step from the page', () => {
  it('has no serious or critical accessibility violations in the catalog', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(serve.url);
    await page.getByTestId('open-uts-namespace').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'desk-catalog-1280.png') });
  });

  it('clicks Run on a block and sees its command in the terminal', async () => {
    await page.getByTestId('open-uts-namespace').click();
    await page.locator('[data-testid="session-status"][data-status="ready"]').waitFor({ timeout: 30_000 });
    await terminalText().getByText('root@nslab-box').first().waitFor();
    const block = page.getByTestId('step-look-around').getByTestId('code-block-1');
    await block.getByRole('button', { name: /^Run/ }).click();
    await terminalText().getByText('hostname > /lab/hostname-before').waitFor();
    await expect(page.getByTestId('block-status').textContent()).resolves.toBe('Typed into terminal 1.');
    await page.getByTestId('check').click();
    await expect(page.getByTestId('grade').getAttribute('data-status')).resolves.toBe('pass');
  });

  it('runs the next step from the keyboard and the namespaces panel shows the new namespace', async () => {
    // Arrow keys move between steps; Enter opens one; Tab reaches the block's Run button.
    await page.getByTestId('goto-look-around').focus();
    await page.keyboard.press('ArrowDown');
    await expect(page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).resolves.toBe('goto-unshare-uts');
    await page.keyboard.press('Enter');
    const run = page.getByTestId('step-unshare-uts').getByTestId('code-block-0').getByRole('button', { name: /^Run/ });
    await run.focus();
    await page.keyboard.press('Enter');
    await terminalText().getByText('unshare --uts bash').waitFor();
    await page.locator('[data-testid^="ns-cell-"][data-testid$="-uts"][data-differs="true"]').first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'desk-lab-1280.png') });
  });

  it('shows the namespaces as groups: the new shell alone in a UTS namespace of its own', async () => {
    await page.getByTestId('ns-view-groups').click();
    const groups = page.locator('[data-testid^="ns-group-"]:not([data-testid^="ns-group-type"])');
    await expect(groups.count()).resolves.toBe(2);
    await expect(groups.nth(1).locator('.proc').count()).resolves.toBe(1);
    await page.getByTestId('ns-group-type-mnt').check();
    await expect(groups.count()).resolves.toBe(1);
    await page.getByTestId('ns-group-type-uts').check();
    await page.screenshot({ path: join(SCREENSHOTS, 'desk-ns-groups-1280.png') });
    await page.getByTestId('ns-view-table').click();
  });

  it('draws mount propagation as a graph: namespaces as columns, the mounts under /lab as nodes', async () => {
    await page.getByTestId('panel-tab-mounts').click();
    await page.getByTestId('mount-view-graph').click();
    // A shared mount, and a second mount namespace that copies it: the copy is its peer.
    await app.type('mkdir -p /lab/s && mount --bind /lab/s /lab/s && mount --make-shared /lab/s && (unshare --mount --propagation unchanged sleep 3600 &)');
    await page.locator('[data-testid="mount-graph"] [data-link="peer"]').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'desk-mount-graph-1280.png') });
    await page.getByTestId('mount-view-tables').click();
    // The same mount in the box's table, shared.
    await expect(page.locator('[data-testid^="mount-"][data-testid$="-/lab/s"]').first().getAttribute('data-propagation')).resolves.toBe('shared');
    await page.getByTestId('panel-tab-namespaces').click();
  });

  it('copies a block, output blocks get no Run', async () => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(serve.url).origin });
    await page.getByTestId('goto-set-hostname').click();
    await page.getByTestId('step-set-hostname').getByTestId('code-block-0').getByRole('button', { name: /^Copy/ }).click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe('hostname lab-a\nhostname');
    await expect(page.locator('.code-block.output .block-run').count()).resolves.toBe(0);
  });

  it('has no serious or critical accessibility violations in a lab', async () => {
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('keeps the columns where the learner drags them, per lab, without clipping the panels at 1440 px', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const guide = page.locator('aside.guide');
    const before = (await guide.boundingBox())!.width;
    const splitter = (await page.getByTestId('splitter-guide').boundingBox())!;
    await page.mouse.move(splitter.x + splitter.width / 2, splitter.y + 200);
    await page.mouse.down();
    await page.mouse.move(splitter.x + 80, splitter.y + 200, { steps: 5 });
    await page.mouse.up();
    const after = (await guide.boundingBox())!.width;
    expect(after).toBeGreaterThan(before + 40);
    // The namespace table either fits its panel or scrolls inside it (a focusable region): never cut off.
    const wrap = page.locator('[data-testid="ns-table"]');
    const fits = await wrap.evaluate((el) => el.scrollWidth <= el.clientWidth || getComputedStyle(el).overflowX === 'auto');
    expect(fits).toBe(true);
    await page.screenshot({ path: join(SCREENSHOTS, 'desk-lab-1440.png') });
    await page.reload();
    await page.locator('[data-testid="session-status"][data-status="ready"]').waitFor({ timeout: 30_000 });
    await expect(guide.boundingBox().then((b) => Math.round(b!.width))).resolves.toBe(Math.round(after));
  });

  it('draws the cgroups\' last minute live: CPU, memory and pids charts', async () => {
    await page.getByTestId('panel-tab-cgroups').click();
    const charts = page.locator('[data-testid="cgroup-charts-/"]');
    await charts.locator('[data-chart="cpu"] canvas').waitFor();
    await expect(charts.locator('canvas').count()).resolves.toBeGreaterThanOrEqual(2);
    // Work in the box moves the CPU curve: the chart has points after it.
    // The quotes split the marker in the echoed command, so only its output matches.
    await app.type('for i in $(seq 300000); do :; done; echo busy-""done');
    await terminalText().getByText('busy-done', { exact: true }).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(SCREENSHOTS, 'desk-cgroups-1440.png') });
    await page.getByTestId('panel-tab-namespaces').click();
  });

  it('draws the network by hand: the bridge, each veth end and the namespace holding it, eth0, the default route and what the bridge learned', async () => {
    await page.getByTestId('panel-tab-net').click();
    // container-network-by-hand's wiring for one container (red), then a ping from inside it to the bridge.
    await app.type(
      "ip link add lab-br0 type bridge && ip addr add 10.0.0.1/24 dev lab-br0 && ip link set lab-br0 up && (unshare --net sleep 3601 &) && sleep 1 && RED=$(pgrep -xf 'sleep 3601') && " +
        'ip link add veth-red type veth peer name eth0 netns $RED && ip link set veth-red master lab-br0 up && ' +
        "nsenter -t $RED -n sh -c 'ip addr add 10.0.0.2/24 dev eth0 && ip link set eth0 up && ip route add default via 10.0.0.1 && ping -c 1 10.0.0.1' && echo wired-\"\"up",
    );
    await terminalText().getByText('wired-up', { exact: true }).waitFor({ timeout: 30_000 });
    const bridge = page.getByTestId('net-bridge-lab-br0');
    await bridge.getByTestId('net-port-veth-red').getByText(/eth0 in sleep 3601 \(pid \d+\)/).waitFor({ timeout: 10_000 });
    await bridge.getByTestId('net-fdb-learned').getByText(/eth0 in sleep 3601/).waitFor({ timeout: 10_000 });
    // red's own card: the one named after it (the box's card names it too, as where veth-red's peer is).
    const red = page.locator('[data-testid^="net-namespace-"]').filter({ has: page.locator('h4 b', { hasText: /^sleep 3601/ }) });
    await expect(red.getByTestId('net-if-eth0').textContent()).resolves.toMatch(/veth.*up.*10\.0\.0\.2\/24.*veth-red in the box/s);
    await expect(red.getByTestId('net-default-route').textContent()).resolves.toMatch(/via\s*10\.0\.0\.1\s*dev\s*eth0/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'desk-net-1440.png') });
    await page.getByTestId('panel-tab-namespaces').click();
  });

  it('lists the processes of nested PID namespaces that died, and how: with their namespace when its init was killed', async () => {
    // sleep 3710 the init of a PID namespace, sleep 3711 the init of one nested in it; then only the middle init is killed.
    await app.type(
      `(unshare --pid --fork --mount-proc sh -c 'unshare --pid --fork --mount-proc sleep 3711 & exec sleep 3710' &) && sleep 1 && kill -KILL $(pgrep -xf 'sleep 3710') && echo killed-""middle`,
    );
    await terminalText().getByText('killed-middle', { exact: true }).waitFor({ timeout: 30_000 });
    const nested = page.getByTestId('ns-exits').locator('li').filter({ has: page.locator('code', { hasText: /^sleep 3711$/ }) });
    await nested.waitFor({ timeout: 10_000 });
    await expect(nested.getAttribute('data-ended-with')).resolves.toMatch(/^\d+$/);
    await expect(nested.textContent()).resolves.toContain('with its namespace');
  });

  it('follows a dark system theme, still without serious accessibility violations', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.getByTestId('ns-row-1').waitFor();
    await expect(page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).resolves.toBe('rgb(20, 23, 29)');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'desk-lab-dark-1440.png') });
    await page.goto(serve.url);
    await page.getByTestId('open-uts-namespace').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'desk-catalog-dark-1440.png') });
  });
});
