// The QEMU command line of the nslab guest, as a pure function of what it boots
// and how: one place that states the guest's isolation (user network with
// restrict=on, loopback-only port forward, no display, no host folder shared).

export type Accelerator = 'kvm' | 'tcg';

export interface GuestBootPlan {
  accel: Accelerator;
  /** the cached image folder: vmlinuz, initrd.img */
  imageDir: string;
  /** this run's copy-on-write layer over the cached disk.img */
  overlay: string;
  /** a tarball of the lab images, attached read-only as a second disk */
  imagesTar?: string;
  /** the node disk (scripts/guest/build-node-disk.sh), attached read-only: the guest may become a Kubernetes node */
  nodeDisk?: string;
  /** the loopback port forwarded to the guest's sshd */
  sshPort: number;
  serialLog: string;
  pidFile: string;
  cpus: number;
  memoryMiB: number;
}

/**
 * The kernel command line. The root disk is found by its label: with the
 * images disk attached, which virtio disk is vda is not fixed. (Under emulation
 * on a busy host the disks appear late, seen 42 s; the image's initrd waits for
 * the label itself, since initramfs-tools' rootdelay= would sleep that long on
 * every boot.)
 */
export const GUEST_KERNEL_ARGS = 'root=LABEL=nslab-guest rw console=ttyS0 panic=-1 systemd.show_status=1';

export function qemuArgs(plan: GuestBootPlan): string[] {
  const accel =
    plan.accel === 'kvm'
      ? ['-accel', 'kvm', '-cpu', 'host']
      : // Multi-threaded TCG: each vCPU on a host thread, the only way to use more than one core.
        ['-accel', 'tcg,thread=multi', '-cpu', 'max'];
  const images = plan.imagesTar
    ? ['-drive', `file=${plan.imagesTar},format=raw,if=none,id=images,readonly=on`, '-device', 'virtio-blk-pci,drive=images,serial=nslab-images']
    : [];
  const node = plan.nodeDisk
    ? ['-drive', `file=${plan.nodeDisk},format=raw,if=none,id=node,readonly=on`, '-device', 'virtio-blk-pci,drive=node,serial=nslab-node']
    : [];
  return [
    '-name', 'nslab-guest',
    '-machine', 'q35',
    ...accel,
    '-smp', String(plan.cpus),
    '-m', `${plan.memoryMiB}M`,
    '-kernel', `${plan.imageDir}/vmlinuz`,
    '-initrd', `${plan.imageDir}/initrd.img`,
    '-append', GUEST_KERNEL_ARGS,
    '-drive', `file=${plan.overlay},format=qcow2,if=virtio,cache=unsafe,discard=unmap`,
    ...images,
    ...node,
    // restrict=on: the guest reaches neither the host nor any other address; only
    // the forwarded port, bound to 127.0.0.1, reaches the guest.
    '-netdev', `user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:${plan.sshPort}-:22`,
    '-device', 'virtio-net-pci,netdev=net0',
    '-device', 'virtio-rng-pci',
    '-display', 'none',
    '-vga', 'none',
    '-nodefaults',
    '-serial', `file:${plan.serialLog}`,
    '-pidfile', plan.pidFile,
    '-daemonize',
  ];
}
