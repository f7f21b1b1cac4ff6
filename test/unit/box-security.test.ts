// The box's confinement as data: the seccomp profile, the capabilities, and the
// choice of box mode from what the engine reports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BOX_CAPABILITIES, forcedBoxMode, securityHostConfig, securityModeOf } from '../../electron/env/docker/box-security';
import { boxModePlan, parseEngineSecurity } from '../../electron/env/docker/isolation';
import { allowedSyscalls, nslabSeccompProfile, REFUSED_SYSCALLS } from '../../electron/env/docker/seccomp-profile';

const info = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/docker-info/debian12-docker20.10-cgroupv1.json'), 'utf8')) as unknown;

describe('the seccomp profile', () => {
  const allowed = allowedSyscalls(nslabSeccompProfile());

  it('refuses by default, with EPERM', () => {
    expect(nslabSeccompProfile().defaultAction).toBe('SCMP_ACT_ERRNO');
  });

  it('allows what the kernel labs are made of', () => {
    for (const call of ['unshare', 'setns', 'clone', 'clone3', 'mount', 'umount2', 'pivot_root', 'sethostname', 'mknod', 'ptrace', 'chroot', 'seccomp']) {
      expect(allowed, call).toContain(call);
    }
  });

  it.each(REFUSED_SYSCALLS)('refuses %s', (call) => {
    expect(allowed).not.toContain(call);
  });

  it('lets a box running a Docker engine load and attach cgroup device programs, and nothing else of bpf', () => {
    const rules = nslabSeccompProfile({ cgroupDeviceFilters: true }).syscalls.filter((r) => r.names.includes('bpf'));
    expect(rules.map((r) => r.args)).toEqual([5, 8, 9, 13, 15, 16].map((value) => [{ index: 0, value, op: 'SCMP_CMP_EQ' }]));
    expect(securityHostConfig('confined', { dockerd: true }).SecurityOpt![0]).toContain('"bpf"');
    expect(securityHostConfig('confined').SecurityOpt![0]).not.toContain('"bpf"');
  });

  it('is valid JSON for the engine, small enough for a security option', () => {
    const option = securityHostConfig('confined').SecurityOpt!.find((o: string) => o.startsWith('seccomp='))!;
    expect(JSON.parse(option.slice('seccomp='.length))).toEqual(nslabSeccompProfile());
    expect(option.length).toBeLessThan(16_384);
  });
});

describe('capabilities per mode', () => {
  it('confined: drops everything, adds back only the labs\' set', () => {
    const config = securityHostConfig('confined');
    expect(config.CapDrop).toEqual(['ALL']);
    expect(config.CapAdd).toEqual([...BOX_CAPABILITIES]);
    for (const cap of ['DAC_READ_SEARCH', 'SYS_MODULE', 'SYS_RAWIO', 'SYS_BOOT', 'SYS_TIME', 'SYSLOG', 'MAC_ADMIN', 'MAC_OVERRIDE', 'SYS_RESOURCE', 'BPF', 'PERFMON']) {
      expect(config.CapAdd, cap).not.toContain(cap);
    }
    expect(config.Privileged).toBeUndefined();
    expect(config.MaskedPaths).toBeUndefined(); // the engine's defaults stay
    expect(config.Devices).toEqual([]);
  });

  it('sysbox: the same box under the sysbox runtime; modes read back from inspect', () => {
    expect(securityHostConfig('sysbox')).toMatchObject({ Runtime: 'sysbox-runc', CapDrop: ['ALL'] });
    expect(securityModeOf(securityHostConfig('sysbox'))).toBe('sysbox');
    expect(securityModeOf(securityHostConfig('confined'))).toBe('confined');
    expect(securityModeOf(securityHostConfig('privileged'))).toBe('privileged');
  });

  it('NSLAB_BOX_MODE forces a mode and rejects unknown ones', () => {
    expect(forcedBoxMode({ NSLAB_BOX_MODE: 'confined' })).toBe('confined');
    expect(forcedBoxMode({})).toBeUndefined();
    expect(() => forcedBoxMode({ NSLAB_BOX_MODE: 'capabilities' })).toThrow(/sysbox, confined, privileged/);
  });
});

describe('what the engine offers', () => {
  it('reads a real docker info: seccomp, runc only, cgroup v1, no user namespaces', () => {
    expect(parseEngineSecurity(info)).toEqual({
      seccomp: true,
      apparmor: false,
      selinux: false,
      usernsRemap: false,
      rootless: false,
      cgroupVersion: '1',
      runtimes: ['io.containerd.runc.v2', 'io.containerd.runtime.v1.linux', 'runc'],
      defaultRuntime: 'runc',
    });
  });

  it('plans confined on it, sysbox first where the engine has it, privileged only when a lab asks', () => {
    const engine = parseEngineSecurity(info);
    expect(boxModePlan(engine, {}).modes).toEqual(['confined']);
    const withSysbox = { ...engine, runtimes: [...engine.runtimes, 'sysbox-runc'] };
    expect(boxModePlan(withSysbox, {}).modes).toEqual(['sysbox', 'confined']);
    expect(boxModePlan(withSysbox, { labAsksPrivileged: true }).modes).toEqual(['privileged']);
    expect(boxModePlan(withSysbox, { forced: 'confined' })).toEqual({ modes: ['confined'], why: 'forced by NSLAB_BOX_MODE=confined' });
    expect(boxModePlan({ ...engine, usernsRemap: true }, {}).why).toContain('unprivileged host user');
  });

  it('reads userns-remap and rootless from the security options', () => {
    const parsed = parseEngineSecurity({ SecurityOptions: ['name=seccomp,profile=default', 'name=userns', 'name=rootless', 'name=apparmor'] });
    expect(parsed).toMatchObject({ usernsRemap: true, rootless: true, apparmor: true, runtimes: [] });
  });
});
