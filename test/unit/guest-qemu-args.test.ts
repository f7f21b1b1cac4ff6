// The guest's QEMU command line states its isolation: these are the properties
// `nslab guest` promises (README, trust model), checked on the argv itself.
import { describe, expect, it } from 'vitest';
import { qemuArgs, type GuestBootPlan } from '../../electron/env/guest/qemu-args';
import { parseImageProgress } from '../../electron/env/guest/guest-image';
import { portForwardArgs, sshArgs, socketForwardArgs } from '../../electron/env/guest/ssh-args';
import { layerName } from '../../electron/env/guest/guest-images-layer';

const plan: GuestBootPlan = {
  accel: 'tcg',
  imageDir: '/c/img',
  overlay: '/c/run/disk.qcow2',
  imagesTar: '/c/run/images.tar',
  sshPort: 40022,
  serialLog: '/c/run/console.log',
  pidFile: '/c/run/qemu.pid',
  cpus: 2,
  memoryMiB: 4096,
};
const after = (args: string[], flag: string) => args.filter((_, i) => args[i - 1] === flag);

describe('the guest QEMU command line', () => {
  it('gives the guest a restricted user network, reachable only through a loopback port', () => {
    const args = qemuArgs(plan);
    expect(after(args, '-netdev')).toEqual(['user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:40022-:22']);
    // -nodefaults: no NIC, display, or other device QEMU would add on its own.
    expect(args).toContain('-nodefaults');
    expect(after(args, '-display')).toEqual(['none']);
  });

  it('attaches the lab images read-only under a serial the guest finds them by, and the disk as a layer', () => {
    const drives = after(qemuArgs(plan), '-drive');
    expect(drives).toContain('file=/c/run/images.tar,format=raw,if=none,id=images,readonly=on');
    expect(after(qemuArgs(plan), '-device')).toContain('virtio-blk-pci,drive=images,serial=nslab-images');
    expect(drives[0]).toMatch(/^file=\/c\/run\/disk\.qcow2,format=qcow2/);
    expect(after(qemuArgs({ ...plan, imagesTar: undefined }), '-drive')).toHaveLength(1);
  });

  it('attaches a node disk read-only only when asked, under the serial node-up finds it by', () => {
    expect(after(qemuArgs(plan), '-drive').some((d) => d.includes('id=node'))).toBe(false);
    const withNode = qemuArgs({ ...plan, nodeDisk: '/c/node-disks/k.img' });
    expect(after(withNode, '-drive')).toContain('file=/c/node-disks/k.img,format=raw,if=none,id=node,readonly=on');
    expect(after(withNode, '-device')).toContain('virtio-blk-pci,drive=node,serial=nslab-node');
  });

  it('uses multi-threaded TCG, or KVM with the host CPU', () => {
    expect(after(qemuArgs(plan), '-accel')).toEqual(['tcg,thread=multi']);
    const kvm = qemuArgs({ ...plan, accel: 'kvm' });
    expect(after(kvm, '-accel')).toEqual(['kvm']);
    expect(after(kvm, '-cpu')).toEqual(['host']);
  });

  it('finds the root disk by label, not by a device name the images disk can take', () => {
    expect(after(qemuArgs(plan), '-append')[0]).toMatch(/root=LABEL=nslab-guest /);
  });
});

describe('ssh into the guest', () => {
  it("pins the guest's host key and uses nslab's key alone, never the user's ssh setup", () => {
    const args = sshArgs({ imageDir: '/c/img', port: 40022 });
    expect(args.slice(0, 2)).toEqual(['-F', '/dev/null']);
    expect(args).toEqual(expect.arrayContaining(['StrictHostKeyChecking=yes', 'UserKnownHostsFile=/c/img/known_hosts', 'IdentityAgent=none', 'BatchMode=yes']));
    expect(args.at(-1)).toBe('root@127.0.0.1');
  });

  it('forwards the engine socket to a socket only this user can open', () => {
    const args = socketForwardArgs({ imageDir: '/c/img', port: 40022 }, '/c/run/docker.sock');
    expect(args).toEqual(expect.arrayContaining(['-N', 'StreamLocalBindMask=0177', 'ExitOnForwardFailure=yes', '/c/run/docker.sock:/var/run/docker.sock']));
  });

  it("forwards a port of the guest's loopback to the same port of this machine's loopback only", () => {
    const args = portForwardArgs({ imageDir: '/c/img', port: 40022 }, 36443, '/c/run/forward-36443.log');
    expect(args).toEqual(expect.arrayContaining(['-N', 'ExitOnForwardFailure=yes', '127.0.0.1:36443:127.0.0.1:36443', '/c/run/forward-36443.log']));
  });
});

describe('image build progress', () => {
  it("turns the build script's stage lines into progress, and nothing else", () => {
    expect(parseImageProgress('guest-image: [4/5] ext4 disk image (16G, sparse)')).toBe('image 4/5: ext4 disk image (16G, sparse)');
    expect(parseImageProgress('I: Retrieving InRelease')).toBeUndefined();
  });
});

describe('the cached layer of lab images', () => {
  it('is named by the images it holds, in any order, and changes with any image id', () => {
    const a: [string, string][] = [['nslab/box:1', 'sha256:aa'], ['nslab/box-docker:1', 'sha256:bb']];
    expect(layerName(a)).toMatch(/^images-[0-9a-f]{16}\.qcow2$/);
    expect(layerName([...a].reverse())).toBe(layerName(a));
    expect(layerName([['nslab/box:1', 'sha256:ab'], a[1]!])).not.toBe(layerName(a));
  });
});
