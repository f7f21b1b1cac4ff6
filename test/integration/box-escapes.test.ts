// Known container escapes, tried from inside a real lab box, each refused. Where
// it is safe (reading, never writing, the host), the same attempt is first shown
// to work in a box of the old kind (every capability, seccomp unconfined), so a
// refusal here is not a test that could never have failed.
import type Docker from 'dockerode';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabBox } from '../../electron/env/docker/box';
import { BOX_LIMITS } from '../../electron/env/docker/box-security';
import { connectDocker, DEFAULT_BOX_IMAGE } from '../../electron/env/docker/engine';
import { execInContainer } from '../../electron/env/docker/exec';
import { sessionLabels } from '../../electron/env/docker/labels';

const ESCAPES_DIR = join(import.meta.dirname, 'escapes');
const EPERM = 1;

let docker: Docker;
/** A box as kernel labs get it, with writable cgroups (the most a lab box is given). */
let box: LabBox;
/** The box as it was before: every capability but SYS_RESOURCE, seccomp unconfined, the host's cgroup namespace. */
let unconfined: Docker.Container;

/** Copies the Perl escapes into /tmp/nslab-escapes (Perl is in the box; no compiler is). */
async function installEscapes(run: (script: string) => Promise<{ exitCode: number; stderr: string }>): Promise<void> {
  for (const file of readdirSync(ESCAPES_DIR)) {
    const source = readFileSync(join(ESCAPES_DIR, file), 'utf8');
    const result = await run(`mkdir -p /tmp/nslab-escapes && cat > /tmp/nslab-escapes/${file} <<'NSLAB_EOF'\n${source}NSLAB_EOF`);
    expect(result.exitCode, result.stderr).toBe(0);
  }
}

const inUnconfined = (script: string) => execInContainer(unconfined, script);

beforeAll(async () => {
  docker = await connectDocker();
  box = await LabBox.create(docker, { image: DEFAULT_BOX_IMAGE, labId: 'escapes', hostname: 'nslab-box', writableCgroups: true });
  unconfined = await docker.createContainer({
    name: `nslab-escapes-unconfined-${box.sessionId}`,
    Image: DEFAULT_BOX_IMAGE,
    Cmd: ['sleep', 'infinity'],
    Labels: sessionLabels(box.sessionId, 'escapes'),
    HostConfig: {
      NetworkMode: 'none',
      CapAdd: ['ALL'],
      CapDrop: ['SYS_RESOURCE'],
      SecurityOpt: ['seccomp=unconfined'],
      CgroupnsMode: 'host',
    } as Docker.HostConfig & { CgroupnsMode: 'host' },
  });
  await unconfined.start();
  await installEscapes((s) => box.exec(s));
  await installEscapes(inUnconfined);
}, 120_000);
afterAll(async () => {
  await unconfined?.remove({ force: true });
  await box?.dispose();
});

const errnoOf = (output: string) => Number(/errno=(\d+)/.exec(output)?.[1]);

describe(`escapes from a lab box`, () => {
  it('runs confined: no privileged flag, no DAC_READ_SEARCH, a seccomp filter', async () => {
    expect(['confined', 'sysbox']).toContain(box.securityMode);
    const info = await box.container.inspect();
    expect(info.HostConfig.Privileged).toBe(false);
    const status = await box.exec('grep -E "^(Seccomp|CapEff):" /proc/self/status');
    expect(status.stdout).toMatch(/Seccomp:\s+2/);
    const capEff = BigInt(`0x${/CapEff:\s+(\w+)/.exec(status.stdout)![1]}`);
    const CAP_DAC_READ_SEARCH = 2n;
    expect(capEff & (1n << CAP_DAC_READ_SEARCH)).toBe(0n);
  });

  it('open_by_handle_at through the bind-mounted /etc/hostname is refused (it escapes an unconfined box)', async () => {
    const fsType = (await box.exec("awk '$5 == \"/etc/hostname\" {print $9}' /proc/self/mountinfo")).stdout.trim();
    // The handle is an ext4 one (root inode 2); on another filesystem only the refusal is checked.
    if (fsType === 'ext4') {
      const before = await inUnconfined('perl /tmp/nslab-escapes/open-by-handle.pl /etc/hostname');
      expect(before.stdout).toContain('escaped: host /var/lib/docker visible');
    } else {
      process.stderr.write(`open_by_handle_at: the engine's /etc/hostname is on ${fsType}, not ext4: the unconfined comparison is not run\n`);
    }
    const attempt = await box.exec('perl /tmp/nslab-escapes/open-by-handle.pl /etc/hostname');
    expect(attempt.stdout).not.toContain('escaped');
    expect(errnoOf(attempt.stdout)).toBe(EPERM);
  });

  it('a device node of the host disk can be made but neither read nor mounted', async () => {
    const script = String.raw`
      dev=$(awk '$5 == "/etc/hostname" {print $3}' /proc/self/mountinfo)
      mknod /tmp/host-disk b $(echo "$dev" | tr ':' ' ') && echo mknod-ok
      perl -e 'open(my $d, "<", "/tmp/host-disk") and print "read-ok\n" or printf "read errno=%d\n", $!+0'
      mkdir -p /tmp/host-root && mount -o ro /tmp/host-disk /tmp/host-root 2>/dev/null && echo mount-ok
      true`;
    // No unconfined comparison: on our engine's host even `--device /dev/vda:r` cannot read its disk.
    const attempt = await box.exec(script);
    expect(attempt.stdout).toContain('mknod-ok');
    expect(attempt.stdout).not.toContain('read-ok');
    expect(errnoOf(attempt.stdout)).toBe(EPERM);
    expect(attempt.stdout).not.toContain('mount-ok');
    // The devices cgroup is what refuses it; no host device is visible in /dev either.
    expect((await box.exec('ls /dev')).stdout.split(/\s+/)).not.toContain('vda');
  });

  it('/proc/sysrq-trigger cannot be written', async () => {
    const attempt = await box.exec(`perl -e 'open(my $f, ">", "/proc/sysrq-trigger") or do { printf "errno=%d\\n", $!+0; exit 1 }; print "opened\\n"'`);
    expect(attempt.stdout).not.toContain('opened');
    // EROFS: the engine binds it read-only; ENOENT: this kernel has no magic SysRq at all.
    const EROFS = 30;
    const ENOENT = 2;
    expect([EROFS, ENOENT]).toContain(errnoOf(attempt.stdout));
    if (errnoOf(attempt.stdout) === ENOENT) process.stderr.write('sysrq-trigger: this kernel has no magic SysRq (CONFIG_MAGIC_SYSRQ is off)\n');
  });

  it('loading or removing a kernel module is refused by seccomp', async () => {
    const attempt = await box.exec('perl /tmp/nslab-escapes/load-module.pl');
    expect(attempt.stdout.trim().split('\n').sort()).toEqual(['delete_module errno=1', 'finit_module errno=1', 'init_module errno=1']);
  });

  it("a cgroup hierarchy mounted afresh is rooted at the box's own cgroup, not the host's", async () => {
    const v2 = box.facts.cgroupVersion === 'v2';
    const mount = v2 ? 'mount -t cgroup2 nslab /tmp/cg' : 'mount -t cgroup -o memory nslab /tmp/cg';
    // Read with the shell's own `read`, so no short-lived reader is among the processes checked.
    const attempt = await box.exec(
      `mkdir -p /tmp/cg && ${mount} && ls /tmp/cg && echo --- && while read -r pid; do [ -d /proc/$pid ] || echo "foreign $pid"; done < /tmp/cg/cgroup.procs`,
    );
    expect(attempt.exitCode, attempt.stderr).toBe(0);
    const [files, foreign] = attempt.stdout.split('---\n') as [string, string];
    // release_agent exists only at the true root of a v1 hierarchy: writing it there is CVE-2022-0492.
    expect(files.split('\n')).not.toContain('release_agent');
    // Every process at that root is one of the box's: a host process has no /proc entry in the box.
    expect(foreign).toBe('');
    // In the host's cgroup namespace (the old box's), the same mount is the host's root.
    if (!v2) {
      const before = await inUnconfined('mkdir -p /tmp/cg && mount -t cgroup -o memory nslab /tmp/cg && ls /tmp/cg');
      expect(before.stdout.split('\n')).toContain('release_agent');
    }
  });

  it("a fork bomb started outside any lab cgroup stops at the box's ceiling, not the host's PID table", async () => {
    const info = await box.container.inspect();
    expect(info.HostConfig.PidsLimit).toBe(BOX_LIMITS.PidsLimit);
    expect(info.HostConfig.Memory).toBe(BOX_LIMITS.Memory);
    // Bounded: a little more than the ceiling of sleeping children, then all killed.
    // Perl, not bash: bash retries a refused fork for 15 s.
    const tries = BOX_LIMITS.PidsLimit + 100;
    const bomb = await box.exec(
      `perl -e 'my @kids; for (1..${tries}) { my $p = fork; if (!defined $p) { print "refused after ", scalar @kids, ": $!\n"; last } if (!$p) { sleep 300; exit } push @kids, $p } kill "KILL", @kids; waitpid($_, 0) for @kids; print "forked ", scalar @kids, "\n"'`,
    );
    expect(bomb.exitCode, bomb.stderr).toBe(0);
    expect(bomb.stdout).toMatch(/^refused after \d+: Resource temporarily unavailable$/m);
    expect(Number(/forked (\d+)/.exec(bomb.stdout)?.[1])).toBeLessThan(BOX_LIMITS.PidsLimit);
  });

  it('a runaway allocation outside any lab cgroup meets the box\'s memory limit, not the host\'s OOM killer', async () => {
    const v2 = box.facts.cgroupVersion === 'v2';
    const limit = await box.exec(v2 ? 'cat /sys/fs/cgroup/memory.max' : 'cat /sys/fs/cgroup/memory/memory.limit_in_bytes');
    expect(Number(limit.stdout.trim())).toBe(BOX_LIMITS.Memory);
  });
});
