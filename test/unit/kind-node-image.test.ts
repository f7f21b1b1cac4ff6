// nslab's kind node image: one tag, named by package.json and by its recipe
// alike, and the kind config it needs, parsed the way kind reads it.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NSLAB_KIND_NODE_IMAGE, NSLAB_NODE_KIND_CONFIG } from '../../electron/env/kind/kind-node-image';
import { loopbackApiServerPort } from '../../electron/env/kind/kind-output';

const recipe = fileURLToPath(new URL('../../scripts/kind-node/build-node-image.sh', import.meta.url));

describe("nslab's kind node image", () => {
  it('has the tag its recipe builds', () => {
    expect(execFileSync('bash', [recipe, '--tag'], { encoding: 'utf8' }).trim()).toBe(NSLAB_KIND_NODE_IMAGE);
  });

  it("tells kind to skip its CNI, kubeadm to skip CoreDNS, keep etcd's data on the node's tmpfs with its zap logger, serve it to the API server over the loopback without TLS, and patch etcd's probes, and the kubelet to wait for slow runtime calls", () => {
    const config = parse(NSLAB_NODE_KIND_CONFIG) as { networking: Record<string, unknown>; kubeadmConfigPatches: string[] };
    expect(config.networking).toEqual({ disableDefaultCNI: true, kubeProxyMode: 'iptables' });
    expect(config.kubeadmConfigPatches.map((p) => parse(p) as unknown)).toEqual([
      {
        kind: 'ClusterConfiguration',
        dns: { disabled: true },
        etcd: {
          local: {
            dataDir: '/tmp/etcd',
            extraArgs: [
              { name: 'logger', value: 'zap' },
              { name: 'listen-client-urls', value: 'https://0.0.0.0:2379,http://127.0.0.1:2382' },
            ],
          },
        },
        // kind's patches replace lists whole: kind's own runtime-config is kept.
        apiServer: {
          extraArgs: [
            { name: 'runtime-config', value: '' },
            { name: 'etcd-servers', value: 'http://127.0.0.1:2382' },
            { name: 'etcd-healthcheck-timeout', value: '30s' },
          ],
        },
        // One control-plane node: no leader election to lose when the API server is slow.
        controllerManager: { extraArgs: [{ name: 'leader-elect', value: 'false' }] },
        scheduler: { extraArgs: [{ name: 'leader-elect', value: 'false' }] },
      },
      {
        kind: 'InitConfiguration',
        patches: { directory: '/kind/nslab/kubeadm-patches' },
        timeouts: { kubeletHealthCheck: '15m0s', controlPlaneComponentHealthCheck: '30m0s', kubernetesAPICall: '15m0s' },
      },
      { kind: 'KubeletConfiguration', runtimeRequestTimeout: '15m0s' },
    ]);
  });
});

const patches = fileURLToPath(new URL('../../scripts/kind-node/rootfs/kind/nslab/kubeadm-patches', import.meta.url));
type JsonPatch = { op: string; path: string; value: unknown }[];

describe("the image's kubeadm patches (the control plane's probes on a slow node)", () => {
  const byTarget = Object.fromEntries(
    readdirSync(patches).map((file) => [file.replace(/\+json\.json$/, ''), JSON.parse(readFileSync(join(patches, file), 'utf8')) as JsonPatch]),
  );
  const value = (target: string, path: string) => byTarget[target]?.find((op) => op.op === 'replace' && op.path === `/spec/containers/0/${path}`)?.value;

  it('are JSON patches kubeadm applies to the four control-plane static pods', () => {
    expect(Object.keys(byTarget).sort()).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);
    for (const ops of Object.values(byTarget)) for (const op of ops) expect(op).toMatchObject({ op: 'replace', path: expect.stringMatching(/^\/spec\/containers\/0\/(liveness|readiness|startup)Probe\//) });
  });

  it("give every component's liveness probe a minute an answer and minutes before a restart, and ask readiness every 10 s, not every second", () => {
    for (const target of Object.keys(byTarget)) {
      expect(value(target, 'livenessProbe/timeoutSeconds'), target).toBe(60);
      expect(value(target, 'livenessProbe/periodSeconds'), target).toBe(30);
      expect(value(target, 'startupProbe/timeoutSeconds'), target).toBe(60);
    }
    // kube-controller-manager has no readiness probe.
    for (const target of ['etcd', 'kube-apiserver', 'kube-scheduler']) expect(value(target, 'readinessProbe/periodSeconds'), target).toBe(10);
  });

  it("wait for the API server's /livez longer than /livez waits for etcd", () => {
    const config = parse(parse(NSLAB_NODE_KIND_CONFIG).kubeadmConfigPatches[0]) as { apiServer: { extraArgs: { name: string; value: string }[] } };
    const etcdCheck = config.apiServer.extraArgs.find((a) => a.name === 'etcd-healthcheck-timeout')!.value;
    expect(Number(etcdCheck.replace(/s$/, ''))).toBeLessThan(value('kube-apiserver', 'livenessProbe/timeoutSeconds') as number);
  });
});

describe('loopbackApiServerPort', () => {
  it("reads the port of kind's kubeconfig server on the loopback", () => {
    const kubeconfig = 'apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: AAAA\n    server: https://127.0.0.1:39123\n  name: kind-nslab\n';
    expect(loopbackApiServerPort(kubeconfig)).toBe(39123);
  });

  it('says nothing for a server elsewhere', () => {
    expect(loopbackApiServerPort('    server: https://10.0.0.5:6443\n')).toBeUndefined();
  });
});
