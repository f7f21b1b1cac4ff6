// A pod's namespaces, read through its kind node container and crictl: the
// same test on whichever cluster this machine has, and it says which ran.
// - kind (a kind cluster "nslab" exists here): a pod of two containers is read;
//   the containers share the sandbox's net, ipc and uts namespaces, each has its
//   own mnt, and the inodes equal what each container reads from inside itself.
// - otherwise the test control plane (kwok nodes, no processes; no kind node
//   can run here): the reading must say it needs kind, not throw.
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import { KubeEnvironment } from '../../electron/env/kube/kube-environment';
import { parseNamespaceLink } from '../../electron/probes/ns/parse';
import { readPodNamespaces } from '../../electron/probes/podns/read';
import { startTestCluster, type LabCluster } from './test-cluster';

const POD = `apiVersion: v1
kind: Pod
metadata: { name: two }
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - { name: app, image: ${DEFAULT_BOX_IMAGE}, imagePullPolicy: Never, command: [sleep, infinity] }
  - { name: sidecar, image: ${DEFAULT_BOX_IMAGE}, imagePullPolicy: Never, command: [sleep, infinity] }
`;

let docker: Docker;
let env: KubeEnvironment | undefined;
let cluster: LabCluster | undefined;
let onKind = false;

beforeAll(async () => {
  docker = await connectDocker();
  const learner = `podns${process.pid}`;
  cluster = await startTestCluster('pod namespaces');
  onKind = cluster.kind === 'kind';
  // No registry: a kind node gets the box image from this engine.
  await cluster.kindCluster?.loadImage(DEFAULT_BOX_IMAGE);
  const target = cluster.target(learner);
  env = await KubeEnvironment.create(target);
  const applied = await env.exec(`kubectl apply -f - <<'EOF'\n${POD}EOF\nkubectl wait --for=condition=Ready pod/two --timeout=120s`, { timeoutMs: 150_000 });
  if (applied.exitCode !== 0) throw new Error(`the test pod did not become Ready: ${applied.stderr}`);
}, 20 * 60_000);

afterAll(async () => {
  await env?.dispose();
  await cluster?.stop();
}, 180_000);

describe('readPodNamespaces', () => {
  it('reads each container of a pod with its pid and namespaces on kind, or says it needs kind elsewhere', async () => {
    const reading = await readPodNamespaces(env!, docker, 'two');
    if (!onKind) {
      expect(reading).toEqual({ available: false, reason: expect.stringMatching(/^Pod namespaces need kind: .* the node nslab-control-plane is not a node container of a kind cluster on this Docker engine\. Run the lab on the kind cluster: `nslab cluster create`\.$/) });
      return;
    }
    if (!reading.available) throw new Error(reading.reason);
    const { sandbox, containers } = reading.snapshot;
    expect(containers.map((c) => c.name).sort()).toEqual(['app', 'sidecar']);
    for (const c of containers) {
      expect(c.pid).toBeGreaterThan(0);
      for (const type of ['net', 'ipc', 'uts'] as const) expect(c.namespaces[type]).toBe(sandbox.namespaces[type]);
      const inside = await env!.exec(`kubectl exec two -c ${c.name} -- readlink /proc/1/ns/mnt`, { timeoutMs: 20_000 });
      expect(parseNamespaceLink(inside.stdout)?.inode).toBe(c.namespaces.mnt);
    }
    expect(containers[0]!.namespaces.mnt).not.toBe(containers[1]!.namespaces.mnt);
  });

  it('says why, without throwing, for a pod that is not there', async () => {
    const reading = await readPodNamespaces(env!, docker, 'absent');
    expect(reading).toEqual({ available: false, reason: expect.stringMatching(/^No pod absent in nslab-podns\d+: .*not found/) });
  });

  it('refuses a name that cannot be a pod, before running anything', async () => {
    expect(await readPodNamespaces(env!, docker, 'two; rm -rf /')).toEqual({ available: false, reason: '"two; rm -rf /" cannot name a pod.' });
  });
});
