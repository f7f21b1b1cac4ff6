// KubeEnvironment on a real cluster: it says what runs the pods (the facts that
// decide which checks are skipped), it refuses a learner whose prefix meets
// another's (also when both start at once: setups on one cluster take turns
// under a lease), and its cleanup removes the volumes a learner's claims kept
// with reclaim policy Retain, and no one else's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeEnvironment } from '../../electron/env/kube/kube-environment';
import { SETUP_LEASE, withLearnerSetupLock, type NslabKubectl } from '../../electron/env/kube/learner-setup-lock';
import { runOnHost } from '../../electron/env/host-process';
import { until } from '../helpers/until';
import { adminKubectl } from './admin-kubectl';
import { startTestCluster, type LabCluster } from './test-cluster';

let cluster: LabCluster;

beforeAll(async () => {
  cluster = await startTestCluster('kube environment');
}, 20 * 60_000);
afterAll(async () => {
  await cluster?.stop();
});

const admin = (args: string[], input?: string) => adminKubectl(cluster, args, input);

/** A hostPath volume pre-bound (claimRef without uid) to a claim `keep` of `namespace`. */
function retainedVolume(name: string, namespace: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name },
    spec: {
      capacity: { storage: '1Gi' },
      accessModes: ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: `${name}-none`,
      hostPath: { path: `/tmp/${name}` },
      claimRef: { namespace, name: 'keep' },
    },
  });
}

describe('KubeEnvironment', () => {
  it('says what runs the pods, in its facts and its description', async () => {
    const env = await KubeEnvironment.create(cluster.target(`f${process.pid}`));
    try {
      const expected = cluster.kind === 'kind' ? 'kind' : 'kwok';
      expect(env.facts).toEqual({ cluster: expected });
      expect(env.description).toContain(expected === 'kind' ? '(kind)' : '(nodes simulated by kwok)');
    } finally {
      await env.dispose();
    }
  });

  it("refuses a learner whose prefix is the provisioned volumes' pvc-, or begins a class it did not make, before making anything of theirs", async () => {
    await expect(KubeEnvironment.create(cluster.target('pvc'))).rejects.toThrow('Learner "pvc" cannot work on this cluster: its prefix "pvc-" meets "pvc-"');
    const owner = `c${process.pid}`;
    admin(['apply', '-f', '-'], `{"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","metadata":{"name":"${owner}-path"},"provisioner":"example.com/none"}`);
    try {
      await expect(KubeEnvironment.create(cluster.target(owner))).rejects.toThrow(`Learner "${owner}" cannot work on this cluster: ${owner}-path is already on this cluster, not made by "${owner}"`);
      const namespaces = admin(['get', 'namespaces', '-o', 'name']).split('\n');
      expect(namespaces).not.toContain('namespace/nslab-pvc');
      expect(namespaces).not.toContain(`namespace/nslab-${owner}`);
      expect(admin(['get', 'storageclass', `${owner}-path`, '-o', 'name']).trim()).toBe(`storageclass.storage.k8s.io/${owner}-path`);
    } finally {
      admin(['delete', 'storageclass', `${owner}-path`, '--ignore-not-found']);
    }
  });

  it("refuses a learner whose prefix begins another learner's, or is begun by it, before making anything of theirs", async () => {
    const first = `o${process.pid}-a`;
    const env = await KubeEnvironment.create(cluster.target(first));
    try {
      for (const [learner, shorter, longer] of [[`o${process.pid}`, `o${process.pid}`, first], [`${first}-b`, first, `${first}-b`]] as const) {
        await expect(KubeEnvironment.create(cluster.target(learner))).rejects.toThrow(`Learner "${learner}" cannot work on this cluster: learner "${first}" is already on this cluster, and the prefix "${shorter}-" begins "${longer}-"`);
        expect(admin(['get', 'namespaces', '-o', 'name']).split('\n')).not.toContain(`namespace/nslab-${learner}`);
      }
    } finally {
      await env.dispose();
    }
  });

  it('lets only one of two learners whose prefixes meet through when both start at the same moment', async () => {
    const [first, second] = [`w${process.pid}`, `w${process.pid}-b`];
    // Side by side, each as far as its environment gets: before the lock, both read a
    // cluster without the other and both were made (a namespace each, prefixes meeting).
    const settled = await Promise.allSettled([KubeEnvironment.create(cluster.target(first)), KubeEnvironment.create(cluster.target(second))]);
    const made = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    try {
      const refused = settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
      expect(made.map((env) => env.learner)).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatch(new RegExp(`cannot work on this cluster: learner "w${process.pid}(-b)?" is already on this cluster, and the prefix "w${process.pid}-" begins "w${process.pid}-b-"`));
      const namespaces = admin(['get', 'namespaces', '-o', 'name']).split('\n');
      expect(namespaces.filter((n) => n === `namespace/nslab-${first}` || n === `namespace/nslab-${second}`)).toEqual([`namespace/nslab-${made[0]!.learner}`]);
      expect(admin(['get', 'lease', '-n', SETUP_LEASE.namespace, SETUP_LEASE.name, '-o', 'jsonpath={.spec.holderIdentity}'])).toBe('');
    } finally {
      for (const env of made) await env.dispose();
    }
  });

  it('lets setups into the critical section one at a time, and a lease let go be taken again', async () => {
    // nslab's kubectl for this cluster, as KubeEnvironment.nslabExec runs it.
    const scratch = mkdtempSync(join(tmpdir(), 'nslab-lock-'));
    const target = cluster.target('admin');
    const kubeconfig = join(scratch, 'kubeconfig');
    writeFileSync(kubeconfig, admin(['config', 'view', '--raw', '--minify', '--flatten']));
    const kubectl: NslabKubectl = (script, options) =>
      runOnHost('sh', ['-c', script], {
        timeoutMs: options?.timeoutMs ?? 30_000,
        env: { ...process.env, KUBECONFIG: kubeconfig, PATH: `${target.kubectlDir ?? cluster.bin}${delimiter}${process.env.PATH ?? ''}`, ...Object.fromEntries((options?.env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])) },
      });
    try {
      let inside = 0;
      const overlaps: string[] = [];
      const order: string[] = [];
      // Each holds the lock across two real reads of the cluster, as a setup does.
      await Promise.all(
        ['a', 'b', 'c', 'd'].map((holder) =>
          withLearnerSetupLock(kubectl, `test ${holder} ${process.pid}`, async () => {
            if (++inside > 1) overlaps.push(holder);
            order.push(holder);
            await kubectl('kubectl get namespaces -o name >/dev/null && kubectl get lease -n kube-system nslab-learner-setup -o name >/dev/null');
            inside--;
          }),
        ),
      );
      expect(overlaps).toEqual([]);
      expect(order.sort()).toEqual(['a', 'b', 'c', 'd']);
      expect(admin(['get', 'lease', '-n', SETUP_LEASE.namespace, SETUP_LEASE.name, '-o', 'jsonpath={.spec.holderIdentity}'])).toBe('');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it("removes the learner's retained volumes on dispose, and leaves another learner's alone", async () => {
    const env = await KubeEnvironment.create(cluster.target(`r${process.pid}`));
    const mine = `nslab-test-mine-${process.pid}`;
    const theirs = `nslab-test-theirs-${process.pid}`;
    const volumes = () => admin(['get', 'pv', '-o', 'name']).split('\n');
    let disposed = false;
    try {
      admin(['apply', '-f', '-'], `${retainedVolume(mine, env.namespace)}\n${retainedVolume(theirs, `nslab-someone-else-${process.pid}`)}`);
      expect(volumes()).toContain(`persistentvolume/${mine}`);
      await env.dispose();
      disposed = true;
      await until(`${mine} to be deleted`, () => (volumes().includes(`persistentvolume/${mine}`) ? undefined : true), 30_000);
      expect(volumes()).toContain(`persistentvolume/${theirs}`);
    } finally {
      if (!disposed) await env.dispose();
      admin(['delete', 'pv', mine, theirs, '--ignore-not-found', '--wait=false']);
    }
  });
});
