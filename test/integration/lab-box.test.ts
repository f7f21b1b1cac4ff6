// Real engine, real container, real namespaces.
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabBox } from '../../electron/env/docker/box';
import { BOX_SECURITY_MODES } from '../../electron/env/docker/box-security';
import { findLeftovers, removeLeftovers } from '../../electron/env/docker/cleanup';
import { connectDocker, DEFAULT_BOX_IMAGE, missingImageFix } from '../../electron/env/docker/engine';
import { EnvironmentError } from '../../electron/env/errors';
import { Typist } from '../../electron/engine/typist';

let docker: Docker;
let box: LabBox;

beforeAll(async () => {
  docker = await connectDocker();
  box = await LabBox.create(docker, { image: DEFAULT_BOX_IMAGE, labId: 'itest', hostname: 'nslab-box' });
});
afterAll(async () => {
  await box?.dispose();
});

describe('LabBox on the real engine', () => {
  it('runs labelled, without network, with a tmpfs workspace, in a known security mode', async () => {
    const info = await box.container.inspect();
    expect(info.Config.Labels).toMatchObject({ 'nslab.session': box.sessionId, 'nslab.lab': 'itest' });
    expect(info.HostConfig.NetworkMode).toBe('none');
    expect(BOX_SECURITY_MODES).toContain(box.securityMode);
    expect(box.description).toContain(box.securityMode);
    const mounts = await box.exec('findmnt -n -o FSTYPE /lab');
    expect(mounts.stdout.trim()).toBe('tmpfs');
  });

  it('execs with stdout, stderr and exit code kept apart', async () => {
    const result = await box.exec('echo out; echo err >&2; exit 3');
    expect(result).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 3, timedOut: false });
  });

  // The test's own limit (20 s) is below the sleep's 30 s: an exec that waited the sleep out fails it.
  it('bounds an exec in time', async () => {
    const result = await box.exec('sleep 30', { timeoutMs: 1_000 });
    expect(result.timedOut).toBe(true);
  }, 20_000);

  it('can unshare namespaces (the labs depend on it)', async () => {
    const result = await box.exec('unshare --uts --pid --fork --mount-proc sh -c "hostname inner; hostname; echo \\$\\$"; hostname');
    expect(result.stdout).toBe('inner\n1\nnslab-box\n');
  });

  it('types into a TTY shell, through a nested unshared shell', async () => {
    const shell = await box.openShell();
    try {
      const typist = new Typist(shell);
      expect((await typist.type('unshare --uts bash\nhostname typed')).exitCode).toBe(0);
      const second = await typist.type('hostname; false');
      expect(second.exitCode).toBe(1);
      expect(second.transcript).toContain('typed');
      const snapshot = (await box.state.read()).namespaces;
      const init = snapshot.processes.find((p) => p.pid === 1)!;
      const inner = snapshot.processes.find((p) => p.command === 'bash' && p.namespaces.uts !== init.namespaces.uts);
      expect(inner).toBeDefined();
      expect(snapshot.hostnames[inner!.namespaces.uts!]).toBe('typed');
      expect(snapshot.hostnames[init.namespaces.uts!]).toBe('nslab-box');
    } finally {
      shell.dispose();
    }
  });

  it('is found by session id (attach), beside its probe, and both by label (cleanup)', async () => {
    const attached = await LabBox.attach(docker, box.sessionId);
    expect(attached.container.id).toBe(box.container.id);
    expect(attached.labId).toBe('itest');
    expect((await attached.state.read()).namespaces.processes.map((p) => p.pid)).toContain(1);
    expect((await findLeftovers(docker, box.sessionId)).containers.sort()).toEqual([`nslab-itest-${box.sessionId}`, `nslab-probe-itest-${box.sessionId}`]);
  });

  it('has a probe container of its own: read-only but for its own journal volume, no network, the box PID namespace, two capabilities', async () => {
    const [probe] = await docker.listContainers({ filters: { label: [`nslab.session=${box.sessionId}`, 'nslab.role=probe'] } });
    const info = await docker.getContainer(probe!.Id).inspect();
    expect(info.HostConfig).toMatchObject({ ReadonlyRootfs: true, NetworkMode: 'none', PidMode: `container:${box.container.id}`, CapDrop: ['ALL'] });
    expect([...(info.HostConfig.CapAdd ?? [])].sort()).toEqual(['SYS_ADMIN', 'SYS_PTRACE']);
    // Only the agents' journal of exits, in an anonymous volume the box does not mount.
    expect(info.Mounts).toMatchObject([{ Type: 'volume', Destination: '/run/nslab-probe', RW: true }]);
    const boxMounts = (await box.container.inspect()).Mounts.map((m) => m.Name);
    expect(boxMounts).not.toContain(info.Mounts[0]!.Name);
    // Labelled with the session, so cleanup finds it even without its container.
    expect((await findLeftovers(docker, box.sessionId)).volumes).toEqual([info.Mounts[0]!.Name]);
  });

  it('resets to a clean box for the same session', async () => {
    await box.exec('echo state > /lab/state');
    const oldId = box.container.id;
    box = await box.reset();
    expect(box.container.id).not.toBe(oldId);
    expect((await box.exec('cat /lab/state')).exitCode).not.toBe(0);
    // the box and its new probe: the old pair is gone
    expect((await findLeftovers(docker, box.sessionId)).containers).toHaveLength(2);
    expect((await findLeftovers(docker, box.sessionId)).volumes).toHaveLength(1);
  });
});

describe('environment errors', () => {
  it('names a missing image and how to build it', async () => {
    const error = await LabBox.create(docker, { image: 'nslab/box:does-not-exist', labId: 'itest', hostname: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as EnvironmentError).message).toContain('nslab/box:does-not-exist');
    expect((error as EnvironmentError).fix).toBe('Pull or build nslab/box:does-not-exist on this engine first.');
  });

  it('says how to build the default box image without a registry', () => {
    expect(missingImageFix(DEFAULT_BOX_IMAGE)).toContain('npm run box:offline');
  });

  it('attach to an unknown session says how to list running ones', async () => {
    const error = (await LabBox.attach(docker, 'no-such-session').catch((e: unknown) => e)) as EnvironmentError;
    expect(error.fix).toContain('docker ps --filter label=nslab.session');
  });
});

describe('cleanup by label', () => {
  it('removes every container of a session, running or not', async () => {
    const a = await LabBox.create(docker, { image: DEFAULT_BOX_IMAGE, labId: 'cleanup', hostname: 'x' });
    await a.container.stop({ t: 0 });
    const removed = await removeLeftovers(docker, a.sessionId);
    expect(removed.containers.sort()).toEqual([`nslab-cleanup-${a.sessionId}`, `nslab-probe-cleanup-${a.sessionId}`]);
    expect(await findLeftovers(docker, a.sessionId)).toEqual({ containers: [], volumes: [], networks: [] });
  });
});
