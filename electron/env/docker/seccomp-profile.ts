// The lab box's seccomp profile: nslab's own, derived from Docker's default.
//
// Source: moby/moby profiles/seccomp/default.json (Apache-2.0), as of commit
// 00f3d189e420d485e42d15fe494f96d272284e0e. That profile is an allowlist
// (every other syscall fails with EPERM) with groups that the engine adds only
// when the container holds a capability ("includes": {"caps": [...]}).
//
// What nslab changed, and why:
// - The groups for the capabilities the box keeps (see box-security.ts) are
//   written out unconditionally, so the profile says by itself what it allows:
//   CAP_SYS_ADMIN's namespace and mount calls (unshare, setns, mount, umount2,
//   the new mount API, sethostname, clone and clone3 with namespace flags) —
//   every kernel lab is made of them — plus pivot_root, which Docker's default
//   never allows and the runtime inside docker-under-the-hood's box needs;
//   CAP_SYS_CHROOT's chroot; CAP_SYS_PTRACE's ptrace family (nsenter and the
//   probes read /proc/<pid>/ns of processes in other user namespaces).
// - From CAP_SYS_ADMIN's group, left out: bpf, perf_event_open (kernel attack
//   surface no lab uses), lookup_dcookie, quotactl(_fd), syslog (host kernel
//   log), fanotify_init (watching every file of a mount, host mounts included).
// - Removed from Docker's unconditional list: adjtimex, clock_adjtime(64) (the
//   host's clock is not the box's to tune, even read-only), and io_uring_*
//   (a large kernel surface that Docker itself refuses since 25.0; no lab uses it).
// - Groups for capabilities the box does not hold are left out entirely:
//   open_by_handle_at (CAP_DAC_READ_SEARCH: the "shocker" escape through a bind
//   mount), init/finit/delete_module, reboot, acct, iopl/ioperm, settimeofday,
//   clock_settime, vhangup, the mempolicy calls.
// - Refused whatever the capabilities, as in Docker's default (never in its
//   list): kexec_*, add_key/request_key/keyctl (the kernel keyring is not
//   namespaced), userfaultfd, swapon/swapoff, and every syscall newer than the list.
//   The keyring calls fail with ENOSYS rather than EPERM: runc, which the
//   docker-under-the-hood lab runs inside the box, joins a fresh session keyring
//   for every container and carries on only when the kernel "has no keyrings".
//   REFUSED_SYSCALLS names the ones the escape tests and the unit test hold us to.
// - One exception, for a box that runs a Docker engine (docker-under-the-hood):
//   on cgroup v2, runc enforces a container's device rules with a
//   BPF_PROG_TYPE_CGROUP_DEVICE program and refuses to start the container when
//   bpf() fails (opencontainers/runc libcontainer/cgroups/fs2/devices.go). Such a
//   box may call bpf() with the six commands that load, attach, detach and find
//   those programs (BPF_DEVICE_FILTER_COMMANDS), never to attach a tracing
//   program (BPF_RAW_TRACEPOINT_OPEN, BPF_LINK_CREATE stay refused). Proven on
//   cgroup v2 by the guest stage, where docker-under-the-hood passes in a
//   confined box on the guest's engine (test/guest/guest-labs.test.ts).

/** The subset of the OCI / Docker seccomp format this profile uses. */
export interface SeccompProfile {
  defaultAction: 'SCMP_ACT_ERRNO';
  archMap: { architecture: string; subArchitectures: string[] | null }[];
  syscalls: SeccompRule[];
}

export interface SeccompRule {
  names: string[];
  action: 'SCMP_ACT_ALLOW' | 'SCMP_ACT_ERRNO';
  /** with SCMP_ACT_ERRNO: the errno instead of EPERM */
  errnoRet?: number;
  args?: { index: number; value: number; op: 'SCMP_CMP_EQ' | 'SCMP_CMP_NE' }[];
  includes?: { arches: string[] };
  comment?: string;
}

/** Docker's unconditional allowlist, less the time and io_uring calls (see above). */
const BASE = `
accept accept4 access alarm bind brk capget capset chdir chmod chown chown32
clock_getres clock_getres_time64 clock_gettime clock_gettime64 clock_nanosleep
clock_nanosleep_time64 close close_range connect copy_file_range creat dup dup2 dup3
epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 epoll_wait
epoll_wait_old eventfd eventfd2 execve execveat exit exit_group faccessat faccessat2
fadvise64 fadvise64_64 fallocate fanotify_mark fchdir fchmod fchmodat fchown fchown32
fchownat fcntl fcntl64 fdatasync fgetxattr flistxattr flock fork fremovexattr fsetxattr
fstat fstat64 fstatat64 fstatfs fstatfs64 fsync ftruncate ftruncate64 futex futex_time64
futex_waitv futimesat getcpu getcwd getdents getdents64 getegid getegid32 geteuid
geteuid32 getgid getgid32 getgroups getgroups32 getitimer getpeername getpgid getpgrp
getpid getppid getpriority getrandom getresgid getresgid32 getresuid getresuid32
getrlimit get_robust_list getrusage getsid getsockname getsockopt get_thread_area gettid
gettimeofday getuid getuid32 getxattr inotify_add_watch inotify_init inotify_init1
inotify_rm_watch io_cancel ioctl io_destroy io_getevents io_pgetevents
io_pgetevents_time64 ioprio_get ioprio_set io_setup io_submit ipc kill
landlock_add_rule landlock_create_ruleset landlock_restrict_self lchown lchown32
lgetxattr link linkat listen listxattr llistxattr _llseek lremovexattr lseek lsetxattr
lstat lstat64 madvise membarrier memfd_create memfd_secret mincore mkdir mkdirat mknod
mknodat mlock mlock2 mlockall mmap mmap2 mprotect mq_getsetattr mq_notify mq_open
mq_timedreceive mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink mremap
msgctl msgget msgrcv msgsnd msync munlock munlockall munmap name_to_handle_at nanosleep
newfstatat _newselect open openat openat2 pause pidfd_open pidfd_send_signal pipe pipe2
pkey_alloc pkey_free pkey_mprotect poll ppoll ppoll_time64 prctl pread64 preadv preadv2
prlimit64 process_mrelease pselect6 pselect6_time64 pwrite64 pwritev pwritev2 read
readahead readlink readlinkat readv recv recvfrom recvmmsg recvmmsg_time64 recvmsg
remap_file_pages removexattr rename renameat renameat2 restart_syscall rmdir rseq
rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend
rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo sched_getaffinity sched_getattr
sched_getparam sched_get_priority_max sched_get_priority_min sched_getscheduler
sched_rr_get_interval sched_rr_get_interval_time64 sched_setaffinity sched_setattr
sched_setparam sched_setscheduler sched_yield seccomp select semctl semget semop
semtimedop semtimedop_time64 send sendfile sendfile64 sendmmsg sendmsg sendto setfsgid
setfsgid32 setfsuid setfsuid32 setgid setgid32 setgroups setgroups32 setitimer setpgid
setpriority setregid setregid32 setresgid setresgid32 setresuid setresuid32 setreuid
setreuid32 setrlimit set_robust_list setsid setsockopt set_thread_area set_tid_address
setuid setuid32 setxattr shmat shmctl shmdt shmget shutdown sigaltstack signalfd
signalfd4 sigprocmask sigreturn socketcall socketpair splice stat stat64 statfs statfs64
statx symlink symlinkat sync sync_file_range syncfs sysinfo tee tgkill time timer_create
timer_delete timer_getoverrun timer_gettime timer_gettime64 timer_settime
timer_settime64 timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime
timerfd_settime64 times tkill truncate truncate64 ugetrlimit umask uname unlink unlinkat
utime utimensat utimensat_time64 utimes vfork vmsplice wait4 waitid waitpid write writev`;

/** CAP_SYS_ADMIN's group in Docker's profile, less bpf, perf_event_open, lookup_dcookie, quotactl(_fd), syslog, fanotify_init. */
const NAMESPACES_AND_MOUNTS = `
clone clone3 fsconfig fsmount fsopen fspick mount mount_setattr move_mount open_tree
pivot_root setdomainname sethostname setns umount umount2 unshare`;

/** CAP_SYS_CHROOT's group and CAP_SYS_PTRACE's group. */
const CHROOT_AND_PTRACE = `chroot kcmp pidfd_getfd process_madvise process_vm_readv process_vm_writev ptrace`;

/**
 * Refused: the calls of the known escapes and of host-wide kernel state. Absent
 * from the allowlist (so they fail with EPERM); the unit test keeps it that way.
 */
export const REFUSED_SYSCALLS: readonly string[] = words(`
open_by_handle_at init_module finit_module delete_module kexec_load kexec_file_load bpf
perf_event_open add_key request_key keyctl clock_settime clock_settime64 settimeofday stime
adjtimex clock_adjtime clock_adjtime64 iopl ioperm reboot acct swapon swapoff syslog
userfaultfd lookup_dcookie quotactl quotactl_fd fanotify_init io_uring_setup io_uring_enter
io_uring_register`);

function words(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}

/** Docker's personality() allowances: the default (0), PER_LINUX32 (8), UNAME26 and their mixes, and the query (0xffffffff). */
const PERSONALITIES = [0, 8, 0x20000, 0x20008, 0xffffffff];
const ENOSYS = 38;
/** AF_VSOCK (40): talking to the hypervisor's side of a VM, refused as in Docker's default. */
const AF_VSOCK = 40;

/** BPF_PROG_LOAD, BPF_PROG_ATTACH, BPF_PROG_DETACH, BPF_PROG_GET_FD_BY_ID, BPF_OBJ_GET_INFO_BY_FD, BPF_PROG_QUERY (include/uapi/linux/bpf.h) */
export const BPF_DEVICE_FILTER_COMMANDS: readonly number[] = [5, 8, 9, 13, 15, 16];

export interface SeccompOptions {
  /** allow bpf() for cgroup device programs only: a box running a Docker engine (see above) */
  cgroupDeviceFilters?: boolean;
}

export function nslabSeccompProfile({ cgroupDeviceFilters = false }: SeccompOptions = {}): SeccompProfile {
  const allow = (names: string[], more: Partial<SeccompRule> = {}): SeccompRule => ({ names, action: 'SCMP_ACT_ALLOW', ...more });
  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    archMap: [
      { architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] },
      { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] },
      { architecture: 'SCMP_ARCH_S390X', subArchitectures: ['SCMP_ARCH_S390'] },
      { architecture: 'SCMP_ARCH_RISCV64', subArchitectures: null },
    ],
    syscalls: [
      allow(words(BASE)),
      allow(words(NAMESPACES_AND_MOUNTS), { comment: 'namespaces and mounts: what the kernel labs are made of' }),
      allow(words(CHROOT_AND_PTRACE), { comment: 'chroot; nsenter and the probes read processes in other user namespaces' }),
      allow(['socket'], { args: [{ index: 0, value: AF_VSOCK, op: 'SCMP_CMP_NE' }] }),
      ...PERSONALITIES.map((value) => allow(['personality'], { args: [{ index: 0, value, op: 'SCMP_CMP_EQ' }] })),
      allow(['arch_prctl'], { includes: { arches: ['amd64', 'x32'] } }),
      allow(['modify_ldt'], { includes: { arches: ['amd64', 'x32', 'x86'] } }),
      allow(['arm_fadvise64_64', 'arm_sync_file_range', 'sync_file_range2', 'breakpoint', 'cacheflush', 'set_tls'], {
        includes: { arches: ['arm', 'arm64'] },
      }),
      allow(['s390_pci_mmio_read', 's390_pci_mmio_write', 's390_runtime_instr'], { includes: { arches: ['s390', 's390x'] } }),
      allow(['riscv_flush_icache'], { includes: { arches: ['riscv64'] } }),
      { names: ['add_key', 'keyctl', 'request_key'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS, comment: 'as if the kernel had no keyrings' },
      ...(cgroupDeviceFilters
        ? BPF_DEVICE_FILTER_COMMANDS.map((value) => allow(['bpf'], { args: [{ index: 0, value, op: 'SCMP_CMP_EQ' }] }))
        : []),
    ],
  };
}

/** Every syscall name the profile allows on some architecture. */
export function allowedSyscalls(profile: SeccompProfile): Set<string> {
  return new Set(profile.syscalls.filter((rule) => rule.action === 'SCMP_ACT_ALLOW').flatMap((rule) => rule.names));
}
