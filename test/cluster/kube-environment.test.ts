// KubeEnvironment on a real cluster: it says what runs the pods (the facts that
// decide which checks are skipped), it refuses a learner whose prefix meets
// another's, and its cleanup removes the volumes a learner's claims kept with
// reclaim policy Retain, and no one else's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KubeEnvironment } from '../../electron/env/kube/kube-environment';
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
