// The Kubernetes box's pure parts: its pod from the Docker box's security
// settings, its names and labels, whether its pod is ready, and an exec's exit
// code from the API server's final status.
import { describe, expect, it } from 'vitest';
import { BOX_CAPABILITIES } from '../../electron/env/docker/box-security';
import { boxNamespace, boxNamespaceName, boxPod, boxPodName, chooseRuntimeClass, DEFAULT_BOX_RESOURCES, denyAllTraffic, learnerSlug, LOCALHOST_PROFILE, type PodBoxSettings } from '../../electron/env/kube-box/pod-spec';
import { podReadiness } from '../../electron/env/kube-box/pod-status';
import { exitCodeOfStatus } from '../../electron/env/kube-box/pod-exec';
import { boxInitPid, selectProcesses } from '../../electron/engine/checks/selectors';
import type { NamespaceSnapshot } from '../../electron/shared/snapshots';

const settings: PodBoxSettings = { localhostSeccomp: false, resources: DEFAULT_BOX_RESOURCES, workspace: '256Mi' };
const spec = { image: 'nslab/box:1', labId: 'uts-namespace', hostname: 'nslab-box', sessionId: '1a2b3c4d' };

describe('the box pod', () => {
  const pod = boxPod(spec, 'Ana María', settings);
  const [box, probe] = pod.spec!.containers;

  it('holds the Docker box capabilities, no more, and never privileged unless the lab says so', () => {
    expect(box!.securityContext!.capabilities).toEqual({ drop: ['ALL'], add: [...BOX_CAPABILITIES] });
    expect(box!.securityContext!.privileged).toBeUndefined();
    expect(box!.securityContext!.capabilities!.add).not.toContain('SYS_PTRACE');
    expect(boxPod({ ...spec, privileged: true }, 'ana', settings).spec!.containers[0]!.securityContext).toEqual({ privileged: true });
  });

  it("runs the runtime's default seccomp profile, or nslab's own where the nodes have it", () => {
    expect(box!.securityContext!.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(boxPod(spec, 'ana', { ...settings, localhostSeccomp: true }).spec!.containers[0]!.securityContext!.seccompProfile).toEqual({ type: 'Localhost', localhostProfile: LOCALHOST_PROFILE });
    expect(box!.securityContext!.appArmorProfile).toEqual({ type: 'Unconfined' });
  });

  it('puts the probe beside the box in a shared PID namespace, read-only but for its journal of exits, with only SYS_PTRACE and SYS_ADMIN', () => {
    expect(pod.spec!.shareProcessNamespace).toBe(true);
    expect(probe!.name).toBe('probe');
    expect(probe!.securityContext!.readOnlyRootFilesystem).toBe(true);
    expect(probe!.securityContext!.capabilities).toEqual({ drop: ['ALL'], add: ['SYS_PTRACE', 'SYS_ADMIN'] });
    // The agents' journal of exits: a volume of the probe's alone, which the box does not mount.
    expect(probe!.volumeMounts).toEqual([{ name: 'probe-journal', mountPath: '/run/nslab-probe' }]);
  });

  it('gives the box no token, no service links, a memory workspace at /lab, and its requests and limits', () => {
    expect(pod.spec!.automountServiceAccountToken).toBe(false);
    expect(pod.spec!.enableServiceLinks).toBe(false);
    expect(box!.volumeMounts).toEqual([{ name: 'lab', mountPath: '/lab' }]);
    expect(pod.spec!.volumes).toEqual([
      { name: 'lab', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } },
      { name: 'probe-journal', emptyDir: { medium: 'Memory', sizeLimit: '4Mi' } },
    ]);
    expect(box!.resources).toEqual(DEFAULT_BOX_RESOURCES);
    expect(pod.spec!.hostname).toBe('nslab-box');
  });

  it('is named, placed and labelled so cleanup finds it by label', () => {
    expect(pod.metadata).toMatchObject({
      name: 'nslab-uts-namespace-1a2b3c4d',
      namespace: 'nslab-box-ana-mar-a',
      labels: { 'nslab.learner': 'ana-mar-a', 'nslab.session': '1a2b3c4d', 'nslab.lab': 'uts-namespace', 'nslab.role': 'box' },
    });
    expect(boxNamespace('Ana María').metadata!.labels).toMatchObject({ 'nslab.learner': 'ana-mar-a', 'pod-security.kubernetes.io/enforce': 'privileged' });
    expect(denyAllTraffic('x').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it('makes DNS labels of any learner name and bounds pod names', () => {
    expect(learnerSlug('---')).toBe('learner');
    expect(learnerSlug('A'.repeat(80))).toHaveLength(30);
    expect(boxNamespaceName('Zoë O’Neil')).toBe('nslab-box-zo-o-neil');
    expect(boxPodName('x'.repeat(70), 'abcd').length).toBeLessThanOrEqual(63);
  });

  it('refuses a hostname a pod cannot have', () => {
    expect(() => boxPod({ ...spec, hostname: 'Not_A_Label' }, 'ana', settings)).toThrow(/not a DNS label/);
  });

  it('takes sysbox, then kata, then the default runtime', () => {
    expect(chooseRuntimeClass([{ name: 'kata', handler: 'kata-qemu' }, { name: 'sysbox', handler: 'sysbox-runc' }])).toBe('sysbox');
    expect(chooseRuntimeClass([{ name: 'vm', handler: 'kata-fc' }])).toBe('vm');
    expect(chooseRuntimeClass([{ name: 'gvisor', handler: 'runsc' }])).toBeUndefined();
  });
});

describe('a box pod becoming ready', () => {
  it('is ready only when both containers run', () => {
    const running = { phase: 'Running', containerStatuses: [{ name: 'box', ready: true }, { name: 'probe', ready: false }] };
    expect(podReadiness({ status: running } as never)).toMatchObject({ state: 'waiting' });
    running.containerStatuses[1]!.ready = true;
    expect(podReadiness({ status: running } as never)).toEqual({ state: 'ready' });
  });

  it('fails at once, saying how to load the image, when the node cannot get it', () => {
    const status = { phase: 'Pending', containerStatuses: [{ name: 'box', image: 'nslab/box:1', ready: false, state: { waiting: { reason: 'ErrImageNeverPull', message: 'not present' } } }] };
    const readiness = podReadiness({ status } as never);
    expect(readiness).toMatchObject({ state: 'failed', why: expect.stringContaining('ErrImageNeverPull') });
    expect(readiness.state === 'failed' && readiness.fix).toContain('nslab/box:1');
  });

  it('fails at once when a container ended or never started, though the other keeps the pod Running', () => {
    const gone = 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to create new parent process: namespace path: lstat /proc/0/ns/ipc: no such file or directory: unknown';
    const status = { phase: 'Running', containerStatuses: [{ name: 'box', ready: true, state: { running: {} } }, { name: 'probe', ready: false, state: { terminated: { reason: 'StartError', exitCode: 128, message: gone } } }] };
    const readiness = podReadiness({ status } as never);
    expect(readiness).toMatchObject({ state: 'failed', why: expect.stringMatching(/probe container in a pod sandbox that had already stopped .*lstat \/proc\/0\/ns\/ipc/) });
    expect(readiness.state === 'failed' && readiness.fix).toMatch(/runtimeRequestTimeout.*Reset the lab/);
    status.containerStatuses[1]!.state = { terminated: { reason: 'Error', exitCode: 1, message: '' } };
    expect(podReadiness({ status } as never)).toMatchObject({ state: 'failed', why: "the box's probe container ended (Error)" });
  });

  it("says the runtime outlasted the kubelet's wait, not that the cluster refused the box, when a start timed out", () => {
    const status = { phase: 'Pending', containerStatuses: [{ name: 'probe', ready: false, state: { waiting: { reason: 'RunContainerError', message: 'context deadline exceeded' } } }] };
    const readiness = podReadiness({ status } as never);
    expect(readiness).toMatchObject({ state: 'failed', why: expect.stringContaining("within the kubelet's runtimeRequestTimeout (RunContainerError: context deadline exceeded)") });
    expect(readiness.state === 'failed' && readiness.fix).not.toMatch(/refused/);
  });

  it('says why it waits when no node fits', () => {
    const status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', message: '0/1 nodes are available: 1 Insufficient memory.' }] };
    expect(podReadiness({ status } as never)).toEqual({ state: 'waiting', why: 'not scheduled yet: 0/1 nodes are available: 1 Insufficient memory.' });
  });
});

describe("an exec's exit code", () => {
  it('reads Success, NonZeroExitCode and anything else', () => {
    expect(exitCodeOfStatus({ status: 'Success' })).toBe(0);
    expect(exitCodeOfStatus({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '137' }] } })).toBe(137);
    expect(exitCodeOfStatus({ status: 'Failure', message: 'container not found' })).toBe(-1);
    expect(exitCodeOfStatus(undefined)).toBe(-1);
  });
});

describe("the box's init", () => {
  const snapshot = (pids: number[]) => ({ processes: pids.map((pid) => ({ pid, command: pid === 7 ? 'sleep infinity' : 'bash', namespaces: {} })) }) as unknown as NamespaceSnapshot;

  it('is PID 1 beside a Docker box and the lowest pid in a pod, whose sandbox the probe leaves out', () => {
    expect(boxInitPid(snapshot([1, 30, 31]))).toBe(1);
    expect(boxInitPid(snapshot([31, 7, 30]))).toBe(7);
    expect(selectProcesses(snapshot([7, 30]), 'init').map((p) => p.pid)).toEqual([7]);
    expect(selectProcesses(snapshot([7, 30]), { shell: true }).map((p) => p.pid)).toEqual([30]);
  });
});
