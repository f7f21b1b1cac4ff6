// The probe agent: one Perl program (perl-base is part of every Debian system,
// so the probe image needs nothing the box image lacks) that runs beside the lab
// box, in a probe container of nslab's own sharing the box's PID namespace (see
// env/docker/probe-container.ts). It reads the box through /proc/<pid>/... with
// syscalls and Perl builtins only: no tool of the box, and no forked tool at all,
// so a learner who replaces cat, ls, readlink, mount or findmnt in the box changes
// nothing it reads, and a reading costs no process starts.
//
// Commands, one line each on stdin; arguments are hex, so any path fits:
//   watch <ms>                      follow the box (0: read only when asked): changes are
//                                   sent as they happen (see "Following the box" below),
//                                   and everything (counters too) is read every <ms> ms
//   sync <id>                       read now; answered after the reading
//   file <id> <path> <max bytes>    the start of a file of the box, resolved inside its root
//   overlay <id> <pid> <upper> <lower>...   an overlay's dirs under /proc/<pid>/root
// Frames on stdout: a header "<kind> <id> <length>\n", then <length> bytes.
//   ns | mounts | cgroups | net     a section that changed since the last reading,
//                                   whole, in the format its pure parser reads
//                                   (probes/ns, probes/mounts, probes/cgroup, probes/net)
//   round <n>                       a reading ended; sections sent before it are current;
//                                   its payload is when the cgroups section was read, in
//                                   seconds of CLOCK_MONOTONIC: the box kernel's clock,
//                                   which CPU rates divide by (not the host's, around a
//                                   slow engine)
//   sync <id>                       the reading asked for by sync <id> ended
//   file <id>                       "ok\n<content>" or "error <reason>"
//   overlay <id>                    "ok\n<listing>" (see probes/overlay/parse.ts) or "error <reason>"
// Only sections that changed are sent, and a round only after a sync or a section
// sent: an idle box costs no frame at all.
//
// Following the box (watch): a reading of everything costs a few ms of CPU, and on
// a loaded machine a few ms of work is preempted many times over, so a change waited
// for the next whole reading. Instead each kind of change wakes the agent, which
// reads again only the section it touches:
// - mounts: poll(2) on /proc/<pid>/mountinfo of each mount namespace reports POLLPRI
//   when its mount table changes (mount, umount, remount; fs/proc_namespace.c
//   mounts_poll). A change of propagation alone (--make-shared, --make-private)
//   wakes nobody (seen on Linux 6.18): the activity look below catches those.
// - cgroups: inotify on each cgroup dir of the box (kernfs passes the VFS's events):
//   IN_CREATE/IN_DELETE/IN_MOVED_* for mkdir, rmdir and renames, IN_MODIFY for every
//   write to a file in it (cgroup.procs, memory.max, ...) and for the kernel's own
//   notifications (cgroup.events, memory.events).
// - namespaces and everything else: every TICK_S the agent re-reads two numbers,
//   through file handles kept open: the box PID namespace's last allocated pid
//   (/proc/sys/kernel/ns_last_pid: did anything fork?) and the CPU time the box's
//   cgroup has used (cpuacct.usage / cpu.stat: did any process of the box run at all?).
//   No change of namespace, mount or cgroup happens without a process of the box
//   running, and the agent runs in the probe's cgroup, not the box's: when both
//   numbers stand still, nothing is read. When one moved, the namespaces and the
//   mount tables are read again; what else moves with processes (the members of
//   each cgroup, the counters, the network) waits for the next whole reading.
// Checks do not rely on any of this: a sync is always a whole reading.
//
// Exits: a process in a PID namespace below the box's is held by a pidfd from the
// first reading that sees it; the agent wakes when it exits, whether or not a
// reading is due, and records in the ns section (X lines) what it last saw of it
// and whether the init of one of its PID namespaces was already ending: the
// kernel (zap_pid_namespace) SIGKILLs every other process of a namespace while
// its dying init waits in exit with PF_EXITING set, and the init's own pidfd turns
// readable only after they are all gone. A process killed on its own dies while
// every init above it runs on. Checks read this (process.exited), as the end
// state (nothing left) is the same either way.
//
// Exit records outlive the agent: an agent ends with the nslab that started it, a
// learner may kill it, and `nslab grade --attach` starts another beside a box the
// learner worked in. Each agent keeps the records, and the processes it holds
// (pid, start time, last record), in a journal in the probe container's own
// volume (JOURNAL_DIR, env/docker/probe-container.ts; an emptyDir of the probe
// container's in a pod): not in the box, whose root could write any file there.
// The box's root cannot reach it: the volume is mounted in the probe's mount
// namespace only, and entering it (/proc/<pid>/root or ns/mnt of a probe process)
// needs ptrace access to processes holding CAP_SYS_PTRACE, which the box lacks.
// An agent starting reads the journal: a process it names that still runs (same
// pid and start time, so not a reused pid) is held again; one gone meanwhile died
// while no agent watched, and is recorded as unseen (X ... unseen): nslab knows it
// died, not how. Agents side by side (the app's and a grade's) merge what the
// other wrote under an flock. The journal's first agent notes that it began late,
// unless nslab made the box just then (argument "new"): exits before it are
// unknown (W exits-begun-late), and a check says so instead of blaming the
// learner. nslab starts an agent, told "new", as soon as it makes a box.
//
// Kernel interfaces it relies on:
// - ns links and /proc/<pid>/root need ptrace read access to the box's processes,
//   which hold capabilities the probe lacks: CAP_SYS_PTRACE (ptrace_may_access).
// - a hostname belongs to a UTS namespace and is read from inside it: setns(2),
//   CAP_SYS_ADMIN; the agent returns to its own namespace after each read.
// - mountinfo roots of cgroup mounts are relative to the reader's cgroup namespace:
//   the agent enters the box's once, at start (setns, CAP_SYS_ADMIN).
// - owner and parent of a namespace: ioctl NS_GET_USERNS / NS_GET_PARENT (Linux 4.9).
// - files: openat2(RESOLVE_IN_ROOT) (Linux 5.6), so a symlink the learner plants
//   resolves inside the box's root, never into the probe's own files.
// - trusted.overlay.opaque is readable with CAP_SYS_ADMIN only.
// - inotify_init1/inotify_add_watch and poll's POLLPRI on mountinfo: see "Following the box".
// - pidfd_open(2) and poll on a pidfd (Linux 5.3): readable once the process exited.
// Processes that share the agent's mount namespace are the probe container's own
// and are left out. A process may exit mid-read: every read tolerates failure.

/** Where the agents keep their journal of exits: the probe container's own volume (or emptyDir in a pod). */
export const PROBE_JOURNAL_DIR = '/run/nslab-probe';

/** The cgroup files the model needs (see probes/cgroup/parse.ts), read in each cgroup dir. */
export const CGROUP_FILES = [
  'cgroup.procs',
  'cgroup.controllers',
  'cpu.max',
  'cpu.stat',
  'cpu.cfs_quota_us',
  'cpu.cfs_period_us',
  'cpuacct.usage',
  'memory.max',
  'memory.current',
  'memory.peak',
  'memory.events',
  'memory.swap.max',
  'memory.limit_in_bytes',
  'memory.usage_in_bytes',
  'memory.max_usage_in_bytes',
  'memory.failcnt',
  'memory.oom_control',
  'memory.memsw.limit_in_bytes',
  'pids.max',
  'pids.current',
  'pids.events',
  'cpu.weight',
  'cpu.shares',
  'cgroup.freeze',
  'cgroup.events',
  'freezer.state',
  'devices.list',
];

export const AGENT_PROGRAM = String.raw`
use strict;
use warnings;
use POSIX ();
use Fcntl qw(O_RDONLY);
use IO::Select;

my %SYSCALLS = (
  x86_64  => { setns => 308, lgetxattr => 192, openat2 => 437, clock_gettime => 228, prctl => 157, inotify_init1 => 294, inotify_add_watch => 254, sched_setattr => 314, pidfd_open => 434 },
  aarch64 => { setns => 268, lgetxattr => 9,   openat2 => 437, clock_gettime => 113, prctl => 167, inotify_init1 => 26,  inotify_add_watch => 27,  sched_setattr => 274, pidfd_open => 434 },
);
my $arch = (POSIX::uname())[4];
my $SYS = $SYSCALLS{$arch} or die "nslab probe: no syscall table for $arch\n";
# The agent is visible in the box's PID namespace. Not dumpable: the box's root
# (which lacks CAP_SYS_PTRACE) can neither trace it nor open its /proc/<pid>/ns,
# environ or mem, so it cannot enter the probe's namespaces or steer the agent.
my $PR_SET_DUMPABLE = 4;
syscall($SYS->{prctl}, $PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 or die "nslab probe: cannot make itself undumpable: $!\n";
# A short time slice (EEVDF's custom slice, Linux 6.12: sched_attr.sched_runtime for
# SCHED_OTHER, 0.1 ms here, the least it takes): the agent sleeps nearly always, and
# with a short slice its virtual deadline comes early, so on a loaded machine it runs
# soon after an event wakes it instead of behind the tasks already queued. Its
# share of the CPU is unchanged (the weight is). Older kernels ignore the field.
# struct sched_attr (SCHED_ATTR_SIZE_VER0, 48 bytes): size, policy, flags, nice,
# priority, runtime, deadline, period.
my $sched_attr = pack('LLQlLQQQ', 48, 0, 0, 0, 0, 100_000, 0, 0); # syscall(2) wants a variable
syscall($SYS->{sched_setattr}, 0, $sched_attr, 0);
my $CLONE_NEWUTS = 0x04000000;
# The box's init: PID 1 beside a Docker box (the probe joins the box's PID
# namespace); in a pod (shareProcessNamespace) PID 1 is the pod's sandbox
# ("pause"), so the pod's backend passes the box's init as the argument, and the
# sandbox, being neither the box's nor the probe's, is left out of readings.
my $BOX_INIT = $ARGV[0] // 1;
$BOX_INIT =~ /^\d+$/ or die "nslab probe: the box's init must be a pid, not $BOX_INIT\n";
# "new": nslab made this box just now and the learner has typed nothing yet, so
# a journal begun by this agent misses no exit (see the journal below).
my $BOX_NEW = ($ARGV[1] // '') eq 'new';
my ($NS_GET_USERNS, $NS_GET_PARENT) = (0xb701, 0xb702);
my ($RESOLVE_NO_MAGICLINKS, $RESOLVE_IN_ROOT, $O_CLOEXEC, $O_NONBLOCK) = (0x02, 0x10, 0x80000, 0x800);
my @NS_ORDER = qw(cgroup ipc mnt net pid pid_for_children time time_for_children user uts);
my @CGROUP_FILES = qw(${CGROUP_FILES.join(' ')});

# Cgroup paths (mountinfo roots, /proc/<pid>/cgroup) read relative to the
# reader's cgroup namespace: read them as the box sees them.
open(my $box_cgroup_ns, '<', "/proc/$BOX_INIT/ns/cgroup") or die "nslab probe: the box's cgroup namespace: $!\n";
syscall($SYS->{setns}, fileno($box_cgroup_ns), 0x02000000) == 0 or die "nslab probe: cannot enter the box's cgroup namespace: $!\n";
close $box_cgroup_ns;
open(my $own_uts, '<', '/proc/self/ns/uts') or die "nslab probe: /proc/self/ns/uts: $!\n";
my $own_mnt = readlink('/proc/self/ns/mnt') // die "nslab probe: /proc/self/ns/mnt: $!\n";
my $sandbox_mnt = $BOX_INIT == 1 ? '' : readlink('/proc/1/ns/mnt') // '';
my $box_pidns = (readlink("/proc/$BOX_INIT/ns/pid") // '') =~ /\[(\d+)\]/ ? $1 : 0;

# While following the box (see the header): the inotify instance watching its
# cgroup dirs (and which hierarchy each watch is in), and each mount namespace's
# mountinfo, polled for POLLPRI.
my ($inotify, $inotify_fh);
my %watched_hierarchy;
my %mount_polls;

sub watch_cgroup_dir {
  my ($dir, $target) = @_;
  return unless defined $inotify;
  # IN_MODIFY | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE | IN_ONLYDIR; a watch
  # refused (the user's inotify limit) only leaves that dir to the next whole reading
  my $wd = syscall($SYS->{inotify_add_watch}, $inotify, $dir, 0x2 | 0x40 | 0x80 | 0x100 | 0x200 | 0x1000000);
  $watched_hierarchy{$wd} = $target if $wd >= 0;
}

# Unbuffered: a reading opens a few hundred small files, and PerlIO's layers cost more than the read.
# $max: read no more than that many bytes and a byte past them (so a caller sees it was cut).
sub slurp {
  my ($path, $max) = @_;
  sysopen(my $f, $path, O_RDONLY) or return undef;
  my $text = '';
  for (;;) {
    my $n = sysread($f, $text, defined $max ? $max + 1 - length $text : 65536, length $text);
    return undef unless defined $n;
    last if $n == 0 || (defined $max && length $text > $max);
  }
  close $f;
  return $text;
}

# A command line is the learner's to make long (a few MiB over its arguments): a
# hundred such processes made every reading outlast the 15 s a check waits. Past
# this many bytes it is cut and ends in an argument "…", which no command a check
# anchors with $ ends in.
my $MAX_CMDLINE = 4096;
sub command_line {
  my ($pid) = @_;
  my $text = slurp("/proc/$pid/cmdline", $MAX_CMDLINE) // return '';
  return length $text > $MAX_CMDLINE ? substr($text, 0, $MAX_CMDLINE) . "\0\xe2\x80\xa6" : $text;
}

my @B64 = ('A' .. 'Z', 'a' .. 'z', '0' .. '9', '+', '/');
sub base64 {
  my ($s) = @_;
  my $out = '';
  for (my $i = 0; $i < length $s; $i += 3) {
    my $chunk = substr($s, $i, 3);
    my $n = length $chunk;
    my $v = unpack('N', $chunk . ("\0" x (4 - $n)));
    $out .= join('', map { $B64[($v >> (26 - 6 * $_)) & 63] } 0 .. $n) . ('=' x (3 - $n));
  }
  return $out;
}

sub inode_of_fd {
  my ($fd) = @_;
  open(my $h, '<&=', $fd) or return 0;
  my $ino = (stat $h)[1] // 0;
  close $h;
  return $ino;
}

sub ns_ioctl {
  my ($fh, $request) = @_;
  my $fd = ioctl($fh, $request, 0);
  return defined $fd ? inode_of_fd($fd + 0) : 0;
}

sub hostname_in {
  my ($pid) = @_;
  open(my $ns, '<', "/proc/$pid/ns/uts") or return undef;
  syscall($SYS->{setns}, fileno($ns), $CLONE_NEWUTS) == 0 or return undef;
  my $name = (POSIX::uname())[1];
  syscall($SYS->{setns}, fileno($own_uts), $CLONE_NEWUTS) == 0 or die "nslab probe: cannot return to its own UTS namespace: $!\n";
  # sethostname takes any bytes: a newline in it began lines of the learner's
  # choosing in the ns section (a process "sleep 3600" that never ran, an exit).
  return $name =~ tr/\n/?/r;
}

# Processes of nested PID namespaces, by pid: { fd => pidfd handle, record => its
# last P record without the P line, pidns => its PID namespace's inode }.
my (%tracked, %pidns_parent, %init_of, @exits);
my $MAX_EXITS = 200;
my $PF_EXITING = 0x4;

sub track {
  my ($pid, $record, $pidlink, $status) = @_;
  my ($nspid) = $status =~ /^NSpid:\s*(.*)$/m;
  my @levels = split ' ', $nspid // '';
  # A zombie has exited already (its pidfd is readable): it was recorded then, if seen alive.
  return if $status =~ /^State:\s*[ZX]/m;
  return unless @levels >= 2 && defined $pidlink && $pidlink =~ /\[(\d+)\]/;
  my $pidns = $1;
  my $t = $tracked{$pid};
  if (!$t) {
    my $start = start_of($pid) // return;
    $t = hold($pid, $start) or return;
  }
  # What the exit record says of it: status, namespaces, command line (not the
  # hostname or ID maps its reading happened to carry for its namespaces). A
  # process read while it exits has lost its command line (exit_mm): keep the
  # record of when it still had one.
  my $kept = join '', grep { /^[TNC] / } split /^/m, $record;
  $t->{record} = $kept if !defined $t->{record} || $kept !~ /^C $/m;
  $t->{pidns} = $pidns;
  $init_of{$pidns} = $pid if $levels[-1] == 1;
}

# When a process started (clock ticks since boot, /proc/<pid>/stat field 22), and
# whether it is still alive rather than a zombie: with the pid, who it is.
sub start_of {
  my ($pid) = @_;
  my $stat = slurp("/proc/$pid/stat") // return undef;
  my @f = split ' ', ($stat =~ s/^.*\)\s*//sr);
  return ($f[0] // 'X') =~ /^[ZX]$/ ? undef : $f[19];
}

# Holds a process by a pidfd from now on.
sub hold {
  my ($pid, $start) = @_;
  my $fd = syscall($SYS->{pidfd_open}, $pid + 0, 0);
  return undef if $fd < 0;
  open(my $fh, '<&=', $fd) or return undef;
  return $tracked{$pid} = { fd => $fh, start => $start };
}

# The journal (see "Exit records outlive the agent" in the header).
my $JOURNAL_DIR = '${PROBE_JOURNAL_DIR}';
my $JOURNAL = "$JOURNAL_DIR/exits";
my $journal_ok = -d $JOURNAL_DIR && -w _;
my ($journal_read, $late) = ('');

sub parse_journal {
  my ($text) = @_;
  my %j = (tracked => [], exits => []);
  for (split /\n/, $text) {
    if (/^late ([01])$/) { $j{late} = $1; }
    elsif (/^tracked (\d+) (\d+) (\d+) ([01]) ([0-9a-f]*)$/) {
      push @{ $j{tracked} }, { pid => $1, start => $2, pidns => $3, init => $4, record => pack('H*', $5) };
    }
    elsif (/^exit (\d+) (\d+) ([0-9a-f]*)$/) {
      my ($key, $text) = ("$1 $2", pack('H*', $3));
      # only the lines an exit record has
      next unless $text =~ /\AX \d+ \d+( unseen)?\n(?:[TNC] [^\n]*\n)*\z/;
      push @{ $j{exits} }, { key => $key, text => $text, unseen => $1 ? 1 : 0 };
    }
  }
  return \%j;
}

sub journal_text {
  my $text = "late $late\n";
  for my $pid (sort { $a <=> $b } keys %tracked) {
    my $t = $tracked{$pid};
    my $init = ($init_of{ $t->{pidns} // 0 } // 0) == $pid ? 1 : 0;
    $text .= "tracked $pid $t->{start} " . ($t->{pidns} // 0) . " $init " . unpack('H*', $t->{record} // '') . "\n";
  }
  $text .= "exit $_->{key} " . unpack('H*', $_->{text}) . "\n" for @exits;
  return $text;
}

# Another agent's records joined to ours: new ones added, an unseen exit of ours
# replaced by the other's record of it as it happened.
sub merge_exits {
  my ($theirs) = @_;
  my %ours = map { $exits[$_]{key} => $_ } 0 .. $#exits;
  for my $e (@$theirs) {
    my $at = $ours{ $e->{key} };
    if (!defined $at) { push @exits, $e; $ours{ $e->{key} } = $#exits; }
    elsif ($exits[$at]{unseen} && !$e->{unseen}) { $exits[$at] = $e; }
  }
  splice(@exits, 0, @exits - $MAX_EXITS) if @exits > $MAX_EXITS;
}

# Joins what other agents wrote and writes ours, under the journal's lock.
sub sync_journal {
  return unless $journal_ok && defined $late;
  open(my $lock, '>>', "$JOURNAL_DIR/lock") or return;
  flock($lock, 2) or return; # LOCK_EX; released on close
  my $text = slurp($JOURNAL) // '';
  merge_exits(parse_journal($text)->{exits}) if $text ne $journal_read;
  my $out = journal_text();
  if ($out ne $text) {
    my $tmp = "$JOURNAL.$$";
    if (open(my $fh, '>', $tmp)) {
      print $fh $out;
      close($fh) && rename($tmp, $JOURNAL) or unlink $tmp;
    }
  }
  $journal_read = $out;
  close $lock;
}

# At start: the records and held processes of the agents before this one.
sub load_journal {
  return unless $journal_ok;
  my $j = parse_journal(slurp($JOURNAL) // '');
  $late = $j->{late};
  merge_exits($j->{exits});
  my %recorded = map { $_->{key} => 1 } @exits;
  my @unseen;
  for my $t (@{ $j->{tracked} }) {
    next if $recorded{"$t->{pid} $t->{start}"} || $tracked{ $t->{pid} };
    my $held = ((start_of($t->{pid}) // -1) == $t->{start}) ? hold($t->{pid}, $t->{start}) : undef;
    if ($held) {
      @$held{qw(record pidns)} = @$t{qw(record pidns)};
      $init_of{ $t->{pidns} } = $t->{pid} if $t->{init};
      next;
    }
    push @unseen, { key => "$t->{pid} $t->{start}", text => "X $t->{pid} 0 unseen\n$t->{record}", unseen => 1 };
  }
  merge_exits(\@unseen);
}

# The tracked processes that exited, by pid: their pidfds are readable.
sub exited_now {
  return () unless %tracked;
  my $sel = IO::Select->new(map { $_->{fd} } values %tracked);
  my %ready = map { fileno($_) => 1 } $sel->can_read(0);
  return grep { $ready{fileno($tracked{$_}{fd})} } keys %tracked;
}

sub exiting {
  my ($pid, $gone) = @_;
  return 1 if $gone->{$pid} || !$tracked{$pid};
  my $stat = slurp("/proc/$pid/stat") // return 1;
  my @f = split ' ', ($stat =~ s/^.*\)\s*//sr);
  return ($f[0] // 'X') =~ /^[ZX]$/ || (($f[6] // 0) & $PF_EXITING) ? 1 : 0;
}

# The PID namespace (below the box's) whose init was ending when $pid died, else 0.
sub ended_with {
  my ($pid, $gone) = @_;
  my %seen;
  for (my $ns = $tracked{$pid}{pidns}; $ns && $ns != $box_pidns && !$seen{$ns}++; $ns = $pidns_parent{$ns}) {
    my $init = $init_of{$ns};
    next if !defined $init || $init == $pid;
    return $ns if exiting($init, $gone);
  }
  return 0;
}

sub record_exits {
  my %gone = map { $_ => 1 } exited_now();
  return 0 unless %gone;
  my @records = map { { key => "$_ $tracked{$_}{start}", text => "X $_ " . ended_with($_, \%gone) . "\n" . ($tracked{$_}{record} // ''), unseen => 0 } } sort { $a <=> $b } keys %gone;
  for my $pid (keys %gone) {
    close $tracked{$pid}{fd};
    delete $tracked{$pid};
  }
  for my $ns (keys %init_of) { delete $init_of{$ns} if $gone{$init_of{$ns}}; }
  merge_exits(\@records);
  sync_journal();
  return 1;
}

# The namespaces section, and the mount and network namespaces met in it, each
# with the first of its processes (the one its table is read through).
sub read_ns {
  # A pid seen again may be a new process: settle the old one's exit first.
  record_exits();
  opendir(my $proc, '/proc') or die "nslab probe: /proc: $!\n";
  my @pids = sort { $a <=> $b } grep { /^\d+$/ } readdir $proc;
  closedir $proc;
  my $ns = '';
  my (%seen_user, %seen_uts, %rel, %mnt_first, %net_first);
  for my $pid (@pids) {
    my $d = "/proc/$pid";
    my $mnt = readlink("$d/ns/mnt");
    next if defined $mnt && ($mnt eq $own_mnt || $mnt eq $sandbox_mnt);
    my $status = slurp("$d/status") // next;
    my $record = "P $pid\n";
    $record .= "T $1\n" while $status =~ /^((?:Name|State|PPid|NSpid):.*)$/mg;
    my %links;
    for my $type (@NS_ORDER) {
      my $link = readlink("$d/ns/$type") // next;
      $links{$type} = $link;
      $record .= "N $type $link\n";
    }
    $record .= 'C ' . base64(command_line($pid)) . "\n";
    my $user = $links{user};
    if (defined $user && !$seen_user{$user}++) {
      $record .= "U $user\n";
      $record .= "u $_\n" for split /\n/, slurp("$d/uid_map") // '';
      $record .= "g $_\n" for split /\n/, slurp("$d/gid_map") // '';
    }
    my $uts = $links{uts};
    if (defined $uts && !$seen_uts{$uts}++) {
      my $host = hostname_in($pid);
      $record .= "H $uts $host\n" if defined $host;
    }
    for my $type (keys %links) {
      next if $type =~ /_for_children$/ || $links{$type} !~ /\[(\d+)\]/ || $rel{$1};
      my $inode = $1;
      open(my $fh, '<', "$d/ns/$type") or next;
      my $owner = ns_ioctl($fh, $NS_GET_USERNS);
      my $parent = ($type eq 'pid' || $type eq 'user') ? ns_ioctl($fh, $NS_GET_PARENT) : 0;
      close $fh;
      $rel{$inode} = "O $inode $type $owner $parent\n";
    }
    $ns .= $record;
    track($pid, $record, $links{pid}, $status);
    $net_first{$links{net}} //= $pid if defined $links{net};
    $mnt_first{$mnt} //= $pid if defined $mnt;
  }
  $ns .= join '', map { $rel{$_} } sort { $a <=> $b } keys %rel;
  for my $line (values %rel) {
    $pidns_parent{$1} = $2 if $line =~ /^O (\d+) pid \d+ (\d+)$/;
  }
  $ns .= join '', map { $_->{text} } @exits;
  $ns .= "W exits-begun-late\n" if $late;
  sync_journal();
  # The box's /proc shows the box's PID namespace (which the agent shares) only
  # while no proc of another one is mounted over it.
  $ns .= "W proc-over-box\n" unless -e "/proc/$BOX_INIT/root/proc/self";
  return ($ns, \%mnt_first, \%net_first);
}

# namespace link -> first pid, in the order of those pids
sub by_first_pid {
  my ($first) = @_;
  return sort { $first->{$a} <=> $first->{$b} } keys %$first;
}

# One mount table per mount namespace.
sub read_mounts {
  my ($mnt_first) = @_;
  my $mounts = '';
  for my $mnt (by_first_pid($mnt_first)) {
    my $pid = $mnt_first->{$mnt};
    my $info = slurp("/proc/$pid/mountinfo") // next;
    chomp $info;
    $mounts .= "@ $pid $mnt\n$info\n";
  }
  return $mounts;
}

sub read_net {
  my ($net_first) = @_;
  return join('', map { net_namespace($net_first->{$_}, $_) } by_first_pid($net_first)) . box_links();
}

# The box's root may mount anything over /sys (it holds CAP_SYS_ADMIN): read
# links only from the kernel's sysfs, the mount that holds the path in the box's
# init's mount namespace.
sub sysfs_under {
  my ($path) = @_;
  my ($best, $type) = ('', '');
  for my $line (split /\n/, slurp('/proc/1/mountinfo') // '') {
    my ($pre, $post) = split / - /, $line, 2;
    next unless defined $post;
    my $target = (split / /, $pre)[4];
    next unless $path eq $target || index($path, $target eq '/' ? '/' : "$target/") == 0;
    ($best, $type) = ($target, (split / /, $post)[0]) if length $target >= length $best;
  }
  return $type eq 'sysfs';
}

# A network namespace through one of its processes: /proc/<pid>/net shows the
# namespace of that process, not the reader's.
sub net_namespace {
  my ($pid, $link) = @_;
  my $out = "@ $pid $link\n";
  for my $file (qw(dev route arp snmp fib_trie)) {
    my $text = slurp("/proc/$pid/net/$file") // next;
    $out .= "F $file\n";
    $out .= "| $_\n" for split /\n/, $text;
  }
  return $out . links_of($pid);
}

# The namespace's links and IPv4 addresses from rtnetlink, which /proc lacks: a
# veth's peer (IFLA_LINK, the peer's ifindex, and IFLA_LINK_NETNSID when the peer
# is in another namespace), a port's bridge (IFLA_MASTER), the kind (veth, bridge).
# A netlink socket belongs to the namespace it was made in: make it there (setns,
# CAP_SYS_ADMIN), then return. Each link: "K <index> <name> <kind|-> <peer index|->
# <peer elsewhere 0|1> <master index|-> <up 0|1> <operstate> <mac|->"; each address:
# "A <index> <address>/<prefix>".
my ($AF_NETLINK, $SOCK_RAW, $NETLINK_ROUTE, $CLONE_NEWNET) = (16, 3, 0, 0x40000000);
my ($RTM_GETLINK, $RTM_NEWLINK, $RTM_GETADDR, $RTM_NEWADDR, $NLMSG_ERROR, $NLMSG_DONE) = (18, 16, 22, 20, 2, 3);
my @OPERSTATES = qw(unknown notpresent down lowerlayerdown testing dormant up);
open(my $own_net, '<', '/proc/self/ns/net') or die "nslab probe: /proc/self/ns/net: $!\n";

sub rtattrs {
  my ($s) = @_;
  my %a;
  while (length $s >= 4) {
    my ($len, $type) = unpack('SS', $s);
    last if $len < 4 || $len > length $s;
    $a{$type & 0x3fff} = substr($s, 4, $len - 4);
    my $step = ($len + 3) & ~3;
    substr($s, 0, $step > length $s ? length $s : $step, '');
  }
  return %a;
}

# One dump request; the bodies of its answers of type $want.
sub rtnl_dump {
  my ($sock, $type, $payload, $want) = @_;
  send($sock, pack('LSSLL', 16 + length $payload, $type, 0x301, 1, 0) . $payload, 0) or return ();
  my @bodies;
  for (;;) {
    my $buf = '';
    defined recv($sock, $buf, 1 << 16, 0) or return @bodies;
    return @bodies if $buf eq '';
    while (length $buf >= 16) {
      my ($len, $got) = unpack('LS', $buf);
      return @bodies if $got == $NLMSG_DONE || $got == $NLMSG_ERROR || $len < 16 || $len > length $buf;
      push @bodies, substr($buf, 16, $len - 16) if $got == $want;
      my $step = ($len + 3) & ~3;
      substr($buf, 0, $step > length $buf ? length $buf : $step, '');
    }
  }
}

sub links_of {
  my ($pid) = @_;
  open(my $ns, '<', "/proc/$pid/ns/net") or return '';
  syscall($SYS->{setns}, fileno($ns), $CLONE_NEWNET) == 0 or return '';
  my $made = socket(my $sock, $AF_NETLINK, $SOCK_RAW, $NETLINK_ROUTE);
  syscall($SYS->{setns}, fileno($own_net), $CLONE_NEWNET) == 0 or die "nslab probe: cannot return to its own network namespace: $!\n";
  return '' unless $made;
  my $out = '';
  for my $body (rtnl_dump($sock, $RTM_GETLINK, pack('CCSiII', 0, 0, 0, 0, 0, 0), $RTM_NEWLINK)) {
    my (undef, undef, undef, $index, $flags) = unpack('CCSiI', $body);
    my %a = rtattrs(substr($body, 16));
    my %info = rtattrs($a{18} // '');
    my $name = ($a{3} // '?') =~ s/\0.*//sr;
    my $kind = ($info{1} // '-') =~ s/\0.*//sr;
    my $peer = defined $a{5} ? unpack('L', $a{5}) : '-';
    my $master = defined $a{10} ? unpack('L', $a{10}) : '-';
    my $oper = $OPERSTATES[defined $a{16} ? unpack('C', $a{16}) : 0] // 'unknown';
    my $mac = defined $a{1} && length $a{1} == 6 ? join(':', unpack('(H2)6', $a{1})) : '-';
    $peer = '-' if $peer eq $index;
    $out .= "K $index $name $kind $peer " . (defined $a{37} ? 1 : 0) . " $master " . ($flags & 1) . " $oper $mac\n";
  }
  for my $body (rtnl_dump($sock, $RTM_GETADDR, pack('CCCCI', 2, 0, 0, 0, 0), $RTM_NEWADDR)) {
    my ($family, $prefix, undef, undef, $index) = unpack('CCCCI', $body);
    next unless $family == 2;
    my %a = rtattrs(substr($body, 8));
    my $addr = $a{2} // $a{1} // next;
    $out .= "A $index " . join('.', unpack('C4', $addr)) . "/$prefix\n";
  }
  close $sock;
  return $out;
}

# The box's own links, from the sysfs the engine mounted in the box's network
# namespace: type, state (operstate: carrier; flags bit 0: set up), bridge master
# and port, and each bridge's forwarding
# database (brforward: struct __fdb_entry, 16 bytes each), which /proc lacks.
sub box_links {
  return '' unless sysfs_under('/sys/class/net');
  my $sys = '/proc/1/root/sys/class/net';
  opendir(my $dh, $sys) or return '';
  my @names = sort grep { !/^\./ } readdir $dh;
  closedir $dh;
  my $out = '';
  for my $name (@names) {
    my $d = "$sys/$name";
    my $oper = slurp("$d/operstate") // '?';
    chomp $oper;
    my $master = readlink("$d/master");
    $master = defined $master ? (split m{/}, $master)[-1] : '-';
    my $port = slurp("$d/brport/port_no");
    $port = defined $port ? hex($port =~ s/\s+//gr) : '-';
    my $bridge = -d "$d/bridge" ? 1 : 0;
    my $flags = slurp("$d/flags") // '0';
    $out .= "L $name $oper $master $bridge $port " . (hex($flags =~ s/\s+//gr) & 1) . "\n";
    $out .= 'B ' . $name . ' ' . unpack('H*', slurp("$d/brforward") // '') . "\n" if $bridge;
  }
  return $out;
}

# The box's cgroup hierarchies that hold what the model reads: [target, fstype, root, options].
sub cgroup_hierarchies {
  my $info = slurp("/proc/$BOX_INIT/mountinfo") // return ();
  my %by_target;
  for my $line (split /\n/, $info) {
    my ($pre, $post) = split / - /, $line, 2;
    next unless defined $post;
    my (undef, undef, undef, $root, $target) = split / /, $pre;
    my ($fstype, undef, $opts) = split / /, $post;
    next unless $fstype eq 'cgroup' || $fstype eq 'cgroup2';
    $by_target{$target} //= [$target, $fstype, $root, $opts];
  }
  return grep { $_->[1] eq 'cgroup2' || $_->[3] =~ /cpu|memory|pids|freezer|devices/ } map { $by_target{$_} } sort keys %by_target;
}

# The cgroups section, one block per hierarchy. With \%only, only the hierarchies
# named there are read again and the others' blocks are taken from the last reading:
# a mkdir in the memory hierarchy of a v1 box costs a fifth of a whole reading.
my %hierarchy_text;
sub read_cgroups {
  my ($only) = @_;
  my $out = '';
  my %now;
  for my $hierarchy (cgroup_hierarchies()) {
    my ($target, $fstype, $root, $opts) = @$hierarchy;
    my $block = "M $target\t$fstype\t$root\t$opts\n";
    if ($only && !$only->{$target} && defined $hierarchy_text{$block}) {
      $now{$block} = $hierarchy_text{$block};
    }
    else {
      my $top = "/proc/$BOX_INIT/root$target";
      my $dev = (lstat $top)[0];
      # v1: only the files of this hierarchy's controllers can exist in it
      my %mine = map { $_ => 1 } 'cgroup', split(/,/, $opts);
      my @files = grep { $fstype eq 'cgroup2' || $mine{(split /\./)[0]} } @CGROUP_FILES;
      $now{$block} = defined $dev ? cgroup_dir($target, $top, '', $dev, \@files) : '';
    }
    $out .= $block . $now{$block};
  }
  %hierarchy_text = %now;
  return $out;
}

# A cgroup dir and those below it, pre-order; a dir of another file system
# (something mounted over the hierarchy) is not the kernel's cgroup and is skipped.
# A cgroupfs dir's link count is 2 + its subdirs (kernfs): a leaf is not listed.
sub cgroup_dir {
  my ($target, $top, $below, $dev, $files) = @_;
  my $dir = "$top$below";
  watch_cgroup_dir($dir, $target);
  my $out = "D $target\t$below\n";
  for my $file (@$files) {
    my $text = slurp("$dir/$file") // next;
    $out .= "F $file\n";
    $out .= "| $_\n" for split /\n/, $text;
  }
  my $links = (lstat $dir)[3] // return $out;
  return $out if $links <= 2;
  opendir(my $dh, $dir) or return $out;
  my @subdirs = grep { $_ ne '.' && $_ ne '..' } readdir $dh;
  closedir $dh;
  for my $name (@subdirs) {
    my @st = lstat "$dir/$name";
    next unless @st && -d _ && $st[0] == $dev;
    $out .= cgroup_dir($target, $top, "$below/$name", $dev, $files);
  }
  return $out;
}

# A file of the box, resolved inside the box's root: an absolute symlink the
# learner planted cannot reach the probe's own files (openat2 RESOLVE_IN_ROOT).
# O_NONBLOCK: a FIFO the learner put there is not waited on.
sub read_box_file {
  my ($path, $max) = @_;
  opendir(my $root, "/proc/$BOX_INIT/root") or return "error $!";
  my $how = pack('QQQ', O_RDONLY | $O_CLOEXEC | $O_NONBLOCK, 0, $RESOLVE_IN_ROOT | $RESOLVE_NO_MAGICLINKS);
  my $fd = syscall($SYS->{openat2}, fileno($root), "/$path", $how, length $how);
  closedir $root;
  return "error $!" if $fd < 0;
  open(my $fh, '<&=', $fd) or return "error $!";
  my $text = '';
  while (length $text < $max) {
    my $n = sysread($fh, $text, $max - length $text, length $text);
    if (!defined $n) { my $why = "$!"; close $fh; return "error $why"; }
    last if $n == 0;
  }
  close $fh;
  return "ok\n$text";
}

my %FILE_TYPES = (
  0040000 => 'directory', 0100000 => 'regular file', 0120000 => 'symbolic link', 0020000 => 'character special file',
  0060000 => 'block special file', 0010000 => 'fifo', 0140000 => 'socket',
);

sub list_tree {
  my ($tag, $top, $below, $out, $entries) = @_;
  opendir(my $dh, "$top$below") or return;
  my @names = grep { $_ ne '.' && $_ ne '..' } readdir $dh;
  closedir $dh;
  for my $name (@names) {
    my $rel = "$below/$name";
    my @st = lstat "$top$rel" or next;
    my $type = $FILE_TYPES{$st[2] & 0170000} // 'unknown';
    $type = 'regular empty file' if $type eq 'regular file' && $st[7] == 0;
    my ($rdev) = $st[6];
    my $major = (($rdev >> 8) & 0xfff) | (($rdev >> 32) & ~0xfff);
    my $minor = ($rdev & 0xff) | (($rdev >> 12) & ~0xff);
    # A file name may hold a newline, which would begin an entry of the learner's choosing.
    $$out .= sprintf("%s %s|%x:%x|.%s\n", $tag, $type, $major, $minor, $rel =~ tr/\n/?/r);
    push @$entries, [$rel, $type eq 'directory'];
    list_tree($tag, $top, $rel, $out, $entries) if $type eq 'directory';
  }
}

sub list_overlay {
  my ($pid, $upper, @lowers) = @_;
  my $root = "/proc/$pid/root";
  my $out = '';
  for my $dir (@lowers, $upper) {
    next if $dir eq '';
    -d "$root$dir" or return "error cannot open $dir: $!";
  }
  list_tree('L', "$root$_", '', \$out, []) for @lowers;
  return "ok\n$out" if $upper eq '';
  my @entries;
  list_tree('U', "$root$upper", '', \$out, \@entries);
  # X: xattrs were read. O: an opaque dir. R: a copy-up, which records its origin
  # (one put into the upper dir by hand has none).
  $out .= "X\n";
  for my $entry (@entries) {
    my ($rel, $is_dir) = @$entry;
    my ($value, $opaque, $origin) = ("\0" x 8, 'trusted.overlay.opaque', 'trusted.overlay.origin'); # syscall(2) wants writable strings
    my $n = $is_dir ? syscall($SYS->{lgetxattr}, "$root$upper$rel", $opaque, $value, 8) : -1;
    my $shown = $rel =~ tr/\n/?/r;
    $out .= "O .$shown\n" if $n == 1 && substr($value, 0, 1) eq 'y';
    $out .= "R .$shown\n" if syscall($SYS->{lgetxattr}, "$root$upper$rel", $origin, $value, 0) >= 0;
  }
  return "ok\n$out";
}

sub monotonic {
  my $ts = "\0" x 16;
  syscall($SYS->{clock_gettime}, 1, $ts) == 0 or die "nslab probe: clock_gettime: $!\n";
  my ($sec, $nsec) = unpack('qq', $ts);
  return $sec + $nsec / 1e9;
}

sub frame {
  my ($kind, $id, $payload) = @_;
  my $bytes = "$kind $id " . length($payload) . "\n" . $payload;
  while (length $bytes) {
    my $n = syswrite(STDOUT, $bytes);
    die "nslab probe: stdout: $!\n" unless defined $n;
    substr($bytes, 0, $n, '');
  }
}

# A request that fails is answered with its error; the agent carries on.
sub answer {
  my ($kind, $id, $work) = @_;
  my $payload = eval { $work->() };
  defined $payload ? frame($kind, $id, $payload) : frame('error', $id, "$kind failed: $@");
}

# The file whose number moves whenever any process of the box runs: its cgroup's CPU time.
sub box_cpu_file {
  my @hierarchies = cgroup_hierarchies();
  my ($v1) = grep { $_->[1] eq 'cgroup' && $_->[3] =~ /(?:^|,)cpuacct(?:,|$)/ } @hierarchies;
  return "/proc/$BOX_INIT/root$v1->[0]/cpuacct.usage" if $v1;
  my ($v2) = grep { $_->[1] eq 'cgroup2' } @hierarchies;
  return $v2 ? "/proc/$BOX_INIT/root$v2->[0]/cpu.stat" : undef;
}

my @activity;
my @activity_last;

sub start_following {
  # without inotify (the user's instance limit) cgroup changes wait for a whole reading
  my $fd = syscall($SYS->{inotify_init1}, $O_NONBLOCK | $O_CLOEXEC);
  if ($fd >= 0 && open(my $fh, '<&=', $fd)) { ($inotify, $inotify_fh) = ($fd, $fh); }
  @activity = @activity_last = ();
  # Both numbers or none: ns_last_pid alone misses what runs without forking (an
  # exit, an exec, unshare in a running process), so without the CPU time the
  # look assumes the box always moved.
  my $cpu = box_cpu_file();
  my @handles;
  for my $path (defined $cpu ? ('/proc/sys/kernel/ns_last_pid', $cpu) : ()) {
    sysopen(my $fh, $path, O_RDONLY) or last;
    push @handles, $fh;
  }
  @activity = @handles if @handles == 2;
}

sub stop_following {
  close $inotify_fh if defined $inotify_fh;
  ($inotify, $inotify_fh) = ();
  %watched_hierarchy = ();
  close $_ for values %mount_polls;
  %mount_polls = ();
  @activity = @activity_last = ();
}

# Whether any process of the box ran (or forked) since the last look: two small
# files re-read through open handles (seq_file files regenerate from offset 0).
sub box_moved {
  my $moved = !@activity; # nothing to look at: assume it moved
  for my $i (0 .. $#activity) {
    my $text = '';
    sysseek($activity[$i], 0, 0) and sysread($activity[$i], $text, 4096);
    $moved = 1 unless defined $activity_last[$i] && $activity_last[$i] eq $text;
    $activity_last[$i] = $text;
  }
  return $moved;
}

# One open mountinfo per mount namespace met, for POLLPRI; the handle keeps the
# namespace alive, so it is closed as soon as no process is left in it.
sub track_mount_tables {
  my ($mnt_first) = @_;
  for my $mnt (keys %mount_polls) {
    close(delete $mount_polls{$mnt}) unless $mnt_first->{$mnt};
  }
  return unless defined $inotify;
  for my $mnt (keys %$mnt_first) {
    next if $mount_polls{$mnt};
    my $pid = $mnt_first->{$mnt};
    open(my $fh, '<', "/proc/$pid/mountinfo") or next;
    # the process may have moved to another namespace between the reading and the open
    $mount_polls{$mnt} = $fh if (readlink("/proc/$pid/ns/mnt") // '') eq $mnt;
  }
}

my %last;
my $round = 0;
# when the cgroups section was last read: what a round says, and CPU rates divide by
my $cgroups_at = 0;
my ($mnt_first, $net_first) = ({}, {});
my %ALL = map { $_ => 1 } qw(ns mounts cgroups net);

# Reads the sections asked for, in this order, and sends each that changed as soon
# as it is read, a round after it (with \$rounds): what a panel waits for goes out
# before the reading of the next section starts. Returns how many it sent.
sub read_and_send {
  my ($want, $rounds, $cgroups_only) = @_;
  my $sent = 0;
  for my $kind (qw(ns mounts cgroups net)) {
    next unless $want->{$kind};
    my $text;
    if ($kind eq 'ns') {
      ($text, $mnt_first, $net_first) = read_ns();
      track_mount_tables($mnt_first);
    }
    elsif ($kind eq 'mounts') { $text = read_mounts($mnt_first); }
    elsif ($kind eq 'cgroups') { $cgroups_at = monotonic(); $text = read_cgroups($cgroups_only); }
    else { $text = read_net($net_first); }
    next if defined $last{$kind} && $last{$kind} eq $text;
    $last{$kind} = $text;
    frame($kind, $round, $text);
    end_round() if $rounds;
    $sent++;
  }
  return $sent;
}

sub end_round { frame('round', $round++, sprintf('%.6f', $cgroups_at)); }

# How often, while following, the agent looks whether the box did anything (s).
my $TICK_S = 0.01;
# An idle box is read whole this often even so: the kernel changes some counters
# without the box running (reclaim lowers memory.current, ARP entries expire).
my $IDLE_WHOLE_S = 5;

# The records of the agents before this one, then a first look, which holds
# what runs now. A journal begun now begins late unless the box is new: an
# agent that finds none beside a box the learner used (its probe container made
# by an nslab without the journal) cannot know what exited before it.
load_journal();
eval { read_ns(); 1 };
$late //= $BOX_NEW ? 0 : 1;
sync_journal();

my $watch_ms = 0;
my @syncs;
my $input = '';
my ($next_tick, $next_whole, $last_whole, $moved_since_whole) = (0, 0, 0, 1);
binmode STDOUT;
for (;;) {
  my $now = monotonic();
  my $until = $next_tick < $next_whole ? $next_tick : $next_whole;
  my $timeout = @syncs ? 0 : $watch_ms > 0 ? ($until > $now ? $until - $now : 0) : undef;
  my ($rin, $ein) = ('', '');
  vec($rin, fileno(STDIN), 1) = 1;
  vec($rin, $inotify, 1) = 1 if defined $inotify;
  vec($rin, fileno($_->{fd}), 1) = 1 for values %tracked;
  vec($ein, fileno($_), 1) = 1 for values %mount_polls;
  my ($rout, $eout) = ($rin, $ein);
  my $ready = select($rout, undef, $eout, $timeout);
  if ($ready < 0) {
    next if $! == POSIX::EINTR();
    die "nslab probe: select: $!\n";
  }
  my (%want, %cgroups_only, $cgroups_all, $whole);
  # An exit is recorded as it happens, so its order against the other exits is
  # known; while following, the namespaces go out with it. (Which handles are
  # ready is read from the bit strings, so record_exits closing pidfds changes none.)
  $want{ns} = 1 if $ready > 0 && grep({ vec($rout, fileno($_->{fd}), 1) } values %tracked) && record_exits() && $watch_ms > 0;
  if ($ready > 0 && vec($rout, fileno(STDIN), 1)) {
    my $n = sysread(STDIN, $input, 65536, length $input);
    exit 0 unless $n;
    while ($input =~ s/^([^\n]*)\n//) {
      my ($cmd, $id, @args) = split / /, $1, -1;
      next unless defined $id;
      @args = map { pack('H*', $_) } @args;
      if ($cmd eq 'watch') {
        my $was = $watch_ms;
        $watch_ms = $id + 0;
        if ($watch_ms > 0 && !$was) { start_following(); ($next_tick, $next_whole, $moved_since_whole) = (0, 0, 1); }
        elsif ($watch_ms == 0 && $was) { stop_following(); }
      }
      elsif ($cmd eq 'sync') { push @syncs, $id; }
      elsif ($cmd eq 'file') { answer('file', $id, sub { read_box_file($args[0] // '', $args[1] // 0) }); }
      elsif ($cmd eq 'overlay') { answer('overlay', $id, sub { list_overlay(@args) }); }
      else { frame('error', $id, "unknown command $cmd"); }
    }
  }
  if ($ready > 0 && defined $inotify && vec($rout, $inotify, 1)) {
    # struct inotify_event: wd, mask, cookie, len, name[len]; the hierarchy of each
    # wd is read again (IN_Q_OVERFLOW, wd -1, or a wd not known: all of them)
    while (sysread($inotify_fh, my $events, 65536)) {
      for (my $at = 0; $at + 16 <= length $events; $at += 16 + unpack('x12 L', substr($events, $at, 16))) {
        my $target = $watched_hierarchy{unpack('l', substr($events, $at, 4))};
        defined $target ? ($cgroups_only{$target} = 1) : ($cgroups_all = 1);
      }
    }
    $want{cgroups} = 1;
  }
  $want{mounts} = 1 if $ready > 0 && grep { vec($eout, fileno($_), 1) } values %mount_polls;
  $now = monotonic();
  if (@syncs) {
    my @answered = @syncs;
    @syncs = ();
    if ($watch_ms > 0) { # a whole reading: what moved so far is in it
      box_moved();
      ($moved_since_whole, $last_whole) = (0, $now);
    }
    if (eval { read_and_send(\%ALL, 0); end_round(); 1 }) { frame('sync', $_, '') for @answered; }
    else { frame('error', $_, "reading the box failed: $@") for @answered; }
    next;
  }
  next if $watch_ms == 0;
  if ($now >= $next_tick) {
    $next_tick = $now + $TICK_S;
    if (box_moved()) {
      @want{qw(ns mounts)} = (1, 1);
      $moved_since_whole = 1;
    }
  }
  if ($now >= $next_whole) {
    $next_whole = $now + $watch_ms / 1000;
    if ($moved_since_whole || $now - $last_whole >= $IDLE_WHOLE_S) {
      %want = %ALL;
      $whole = 1;
      ($moved_since_whole, $last_whole) = (0, $now);
    }
  }
  next unless %want;
  # a failed reading while following (a process gone mid-read) is left to the next one
  eval { read_and_send(\%want, 1, $whole || $cgroups_all ? undef : \%cgroups_only); 1 };
}
`;
