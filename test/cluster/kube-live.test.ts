// Kubernetes state, live, on a real control plane (one for the whole file):
// - the storage panel's source: the PV controller binds a claim and the
//   snapshot follows through watches, not polling, within a second of the
//   change reaching the API (as kubectl's own watch sees it);
// - the app in Chromium: a Kubernetes lab opens on the cluster, the learner
//   types into a host shell, the binding graph goes Pending -> Bound, the step passes.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { SCREENSHOTS, useServedApp } from '../helpers/browser';
import { KubeEnvironment } from '../../electron/env/kube/kube-environment';
import { StorageWatch } from '../../electron/env/kube/storage-watch';
import type { StorageSnapshot } from '../../electron/shared/storage-snapshot';
import { startTestCluster, type LabCluster } from './test-cluster';

let cluster: LabCluster;
let env: KubeEnvironment;

beforeAll(async () => {
  cluster = await startTestCluster('live storage state');
  env = await KubeEnvironment.create(cluster.target(`w${process.pid}`));
}, 20 * 60_000);
afterAll(async () => {
  await env?.dispose();
  await cluster?.stop();
});

/** Snapshots as they arrive, and a way to wait for one. */
function recorder() {
  const seen: { at: number; snapshot: StorageSnapshot }[] = [];
  const waiters = new Set<() => void>();
  return {
    seen,
    listener: (snapshot: StorageSnapshot) => {
      seen.push({ at: Date.now(), snapshot });
      waiters.forEach((w) => w());
    },
    until(predicate: (s: StorageSnapshot) => boolean, timeoutMs: number): Promise<number> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = seen.find((s) => predicate(s.snapshot));
          if (!hit) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit.at);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no such snapshot within ${timeoutMs} ms; last: ${JSON.stringify(seen.at(-1)?.snapshot.claims)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

/** kubectl's own watch of a claim's phase: the moment each phase reached a client of the API. */
function kubectlPhaseWatch(claim: string): { phaseAt: (phase: string, timeoutMs: number) => Promise<number>; stop: () => void } {
  const child = spawn('kubectl', ['get', 'pvc', claim, '--watch', '-o', 'jsonpath={.status.phase}{"\\n"}'], { env: { ...process.env, KUBECONFIG: env.kubeconfig, PATH: `${cluster.bin}:${process.env.PATH ?? ''}` } });
  const lines: { at: number; phase: string }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    for (const phase of chunk.toString().split('\n').filter(Boolean)) lines.push({ at: Date.now(), phase });
  });
  return {
    async phaseAt(phase, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const hit = lines.find((l) => l.phase === phase);
        if (hit) return hit.at;
        await new Promise((r) => setTimeout(r, 5));
      }
      throw new Error(`kubectl never saw ${claim} ${phase}; saw ${JSON.stringify(lines)}`);
    },
    stop: () => child.kill(),
  };
}

/** As the learner would: kubectl in the tools box, with the learner's own token. */
function apply(yaml: string): Promise<void> {
  return env.exec('printf %s "$OBJECTS" | kubectl apply -f -', { env: [`OBJECTS=${yaml}`] }).then((r) => {
    if (r.exitCode !== 0) throw new Error(r.stderr);
  });
}

describe('StorageWatch on a real control plane', () => {
  it('shows a claim go from Pending to Bound as the PV controller binds it, within 1 s, through watches', async () => {
    const seen = recorder();
    const watch = new StorageWatch({ kubeconfig: env.kubeconfig, namespace: env.namespace, prefix: env.prefix }, seen.listener);
    const first = await watch.start();
    expect(first.claims).toEqual([]);
    const lists = watch.counters().lists;
    // One list per watched kind (storage-watch.ts, sources()): ten since StatefulSets, VolumeAttachments and Nodes joined.
    expect(lists).toBe(10);

    const cls = `${env.prefix}manual`;
    await apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: data }
spec: { storageClassName: ${cls}, accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
`);
    await seen.until((s) => s.claims.some((c) => c.name === 'data' && c.phase === 'Pending'), 10_000);
    const kubectl = kubectlPhaseWatch('data');
    try {
      await kubectl.phaseAt('Pending', 10_000);
      await apply(`apiVersion: v1
kind: PersistentVolume
metadata: { name: ${env.prefix}pv }
spec:
  storageClassName: ${cls}
  capacity: { storage: 1Gi }
  accessModes: [ReadWriteOnce]
  hostPath: { path: /data/${env.prefix}watch }
`);
      const boundInApi = await kubectl.phaseAt('Bound', 30_000);
      const boundInPanel = await seen.until((s) => s.claims.some((c) => c.name === 'data' && c.phase === 'Bound' && c.volumeName === `${env.prefix}pv`), 30_000);
      const lagMs = boundInPanel - boundInApi;
      // A figure, not an assertion: on a loaded machine any bound would flake.
      process.stderr.write(`storage watch: Bound reached the panel snapshot ${lagMs} ms after kubectl's watch saw it\n`);
      // Not polling: no list beyond the first ones, and the change came as watch events.
      expect(watch.counters().lists).toBe(lists);
      expect(watch.counters().events).toBeGreaterThan(0);
      const bound = watch.snapshot();
      expect(bound.volumes.find((v) => v.name === `${env.prefix}pv`)).toMatchObject({ phase: 'Bound', claim: `${env.namespace}/data` });
    } finally {
      kubectl.stop();
      await watch.stop();
    }
  });
});

describe('StorageWatch across an apiserver restart', () => {
  it('lists again when the version it resumes from is gone (410), and follows changes made after', async (ctx) => {
    if (!cluster.restartApiserver) return ctx.skip('the apiserver of a kind cluster is not the test\'s to restart');
    const seen = recorder();
    const watch = new StorageWatch({ kubeconfig: env.kubeconfig, namespace: env.namespace, prefix: env.prefix }, seen.listener);
    await watch.start();
    const before = watch.counters().lists;
    try {
      // Moves the store's revision past every version the informers hold: the
      // restarted apiserver's watch cache starts above them all.
      await env.exec('kubectl create configmap bump-1 && kubectl create configmap bump-2');
      await cluster.restartApiserver();
      await apply(`apiVersion: v1
kind: PersistentVolumeClaim
metadata: { name: after-restart }
spec: { storageClassName: ${env.prefix}none, accessModes: [ReadWriteOnce], resources: { requests: { storage: 1Gi } } }
`);
      await seen.until((s) => s.claims.some((c) => c.name === 'after-restart'), 30_000);
      const relists = watch.counters().lists - before;
      process.stderr.write(`storage watch: ${relists} informer(s) listed again after the apiserver restart (410 Gone)\n`);
      expect(relists).toBeGreaterThan(0);
    } finally {
      await watch.stop();
    }
  });
});

describe('a Kubernetes lab in the browser', () => {
  const learner = `b${process.pid}`;
  const app = useServedApp(() => ({ args: cluster.cliArgs(learner), env: { PATH: `${cluster.bin}:${process.env.PATH ?? ''}` } }));
  const { type } = app;
  let page: Page;
  beforeAll(() => {
    page = app.page;
  });

  it('opens static-pv-binding in a namespace of its own, with the storage and owners panels', async () => {
    await page.goto(`${app.serve.url}#/lab/static-pv-binding`);
    await page.locator('[data-testid="session-status"][data-status="ready"]').waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('session-environment').textContent()).resolves.toContain(`nslab-${learner}`);
    await page.getByTestId('panel-tab-storage').waitFor();
    await page.getByTestId('panel-tab-owners').waitFor();
    await expect(page.getByTestId('panel-tab-namespaces').count()).resolves.toBe(0);
    await page.locator('[data-testid="terminal-0"] .xterm-rows').getByText(`[nslab-${learner}]$`).first().waitFor({ timeout: 15_000 });
  });

  /** One line a learner could type: a manifest as JSON, piped to kubectl. */
  const applyLine = (object: object) => `echo '${JSON.stringify(object)}' | kubectl apply -f -`;
  const prefix = `${learner}-`;
  const volume = (gi: number) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: `${prefix}pv-${gi}g` },
    spec: { capacity: { storage: `${gi}Gi` }, accessModes: ['ReadWriteOnce'], storageClassName: `${prefix}manual`, hostPath: { path: `/data/${prefix}pv-${gi}g` } },
  });

  it('shows the claim Pending while only a too small volume exists, then Bound to the one that fits', async () => {
    const claim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'claim-2g' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: `${prefix}manual`, resources: { requests: { storage: '2Gi' } } },
    };
    await type(applyLine(claim));
    const phase = page.locator('[data-testid="pvc-claim-2g"] [data-testid="pvc-phase"]');
    await expect.poll(() => phase.textContent(), { timeout: 15_000 }).toBe('Pending');
    // The picture follows the same snapshot as the table.
    await expect.poll(() => page.getByTestId('graph-claim:claim-2g').getAttribute('data-status'), { timeout: 15_000 }).toBe('Pending');
    await type(applyLine(volume(1)));
    await page.locator(`[data-testid="pv-${learner}-pv-1g"]`).waitFor({ timeout: 15_000 });
    await expect(phase.textContent()).resolves.toBe('Pending');
    await type(applyLine(volume(5)));
    await expect.poll(() => phase.textContent(), { timeout: 30_000 }).toBe('Bound');
    await page.locator(`[data-testid="pvc-claim-2g"] ~ [data-testid="pv-${learner}-pv-5g"]`).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'kube-storage-panel.png') });
  });

  it('draws the binding as a graph, class → claim → volume, with the binder\'s marks, and passes an accessibility audit', async () => {
    const graph = page.getByTestId('binding-graph');
    const claimNode = graph.getByTestId('graph-claim:claim-2g');
    await expect.poll(() => claimNode.getAttribute('data-status'), { timeout: 15_000 }).toBe('Bound');
    const bound = graph.getByTestId(`edge-claim:claim-2g-volume:${prefix}pv-5g`);
    await bound.waitFor();
    await expect(bound.getAttribute('data-kind')).resolves.toBe('bound');
    // The PV controller chose the volume: its annotation is on the claim, and the volume says its reclaim policy.
    await expect(claimNode.textContent()).resolves.toContain('bound-by-controller');
    await expect(graph.getByTestId(`graph-volume:${prefix}pv-5g`).textContent()).resolves.toContain('reclaim Retain');
    // The volume too small for the claim waits, Available, in a row of its own; the class is a name with no object.
    await expect(graph.getByTestId(`graph-volume:${prefix}pv-1g`).getAttribute('data-status')).resolves.toBe('Available');
    await expect(graph.getByTestId(`graph-class:${prefix}manual`).getAttribute('data-status')).resolves.toBe('no object');
    await expect(graph.getByTestId(`edge-class:${prefix}manual-claim:claim-2g`).getAttribute('data-kind')).resolves.toBe('class');
    await expect(graph.locator('svg').getAttribute('aria-label')).resolves.toContain(
      `Claim claim-2g is Bound, class ${prefix}manual, bound to volume ${prefix}pv-5g (Bound), used by no pod.`,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'kube-binding-graph.png') });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      expect(await seriousViolations(page), colorScheme).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('shows a pod in the owners tree, and its namespaces or why they cannot be read here', async () => {
    await type('kubectl create deployment web --image=busybox --replicas=2 -- sleep 3600');
    await page.getByTestId('panel-tab-owners').click();
    await page.locator('[data-testid="owner-tree"] [data-testid="owner-Deployment-web"] [data-testid^="owner-ReplicaSet-web-"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-testid^="owner-Pod-web-"]').count(), { timeout: 30_000 }).toBe(2);
    await page.getByTestId('gc-preview').waitFor();
    await expect.poll(() => page.locator('[data-testid="pod-namespaces"] option').count(), { timeout: 30_000 }).toBe(2);
    await page.getByTestId('read-pod-namespaces').click();
    if (cluster.kind === 'kind') {
      await page.locator('[data-testid="pod-namespaces"] table').waitFor({ timeout: 20_000 });
    } else {
      await expect(page.getByTestId('pod-namespaces-reason').textContent({ timeout: 20_000 })).resolves.toMatch(/^Pod namespaces need kind/);
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'kube-owners-panel.png') });
    await page.getByTestId('panel-tab-storage').click();
  });

  it('draws a CSI volume in the csi tab: the controller\'s VolumeAttachment, then attached once an attacher answers', async () => {
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `${prefix}csi-pv` },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], storageClassName: '', csi: { driver: 'attach-by-hand.nslab.dev', volumeHandle: `${prefix}vol-1` } },
    };
    const claim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'csi-data' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: '', volumeName: `${prefix}csi-pv`, resources: { requests: { storage: '1Gi' } } },
    };
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'csi-app' },
      spec: {
        terminationGracePeriodSeconds: 1,
        containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '3600'], volumeMounts: [{ name: 'data', mountPath: '/data' }] }],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'csi-data' } }],
      },
    };
    await page.getByTestId('panel-tab-csi').click();
    await type(applyLine(pv));
    await type(applyLine(claim));
    await type(applyLine(pod));
    const card = page.locator(`[data-testid="csi-volume-${prefix}csi-pv"]`);
    await expect.poll(() => card.getByTestId('csi-attached').textContent(), { timeout: 30_000 }).toBe('false');
    await expect(card.getByTestId('stage-ControllerPublishVolume').getAttribute('data-state')).resolves.toBe('asked');
    await type(
      `kubectl patch volumeattachment $(kubectl get volumeattachment -o jsonpath="{range .items[?(@.spec.source.persistentVolumeName=='${prefix}csi-pv')]}{.metadata.name}{end}") --subresource=status --type=merge -p '{"status":{"attached":true}}'`,
    );
    await expect.poll(() => card.getByTestId('csi-attached').textContent(), { timeout: 30_000 }).toBe('true');
    await expect.poll(() => card.getByTestId('stage-ControllerPublishVolume').getAttribute('data-state'), { timeout: 10_000 }).toBe('done');
    await page.screenshot({ path: join(SCREENSHOTS, 'kube-csi-panel.png') });
    await type('kubectl delete pod csi-app --wait=false');
    await page.getByTestId('panel-tab-storage').click();
  });

  it('passes "Check my work" on the claim step', async () => {
    await page.getByTestId('goto-claim').click();
    await page.getByTestId('check').click();
    const grade = page.getByTestId('grade');
    await grade.waitFor({ timeout: 30_000 });
    await expect(grade.getAttribute('data-status')).resolves.toBe('pass');
  });
});
