# Loading (and removing) a kernel module: init_module with an empty image,
# finit_module with any open file, delete_module of a name. Each must be refused
# before the kernel looks at its arguments. Prints "<call> errno=N" per call.
require '/tmp/nslab-escapes/syscall.pl';
open(my $file, '<', '/etc/hostname') or die "open: $!\n";
my %args = (
  init_module   => ["\0" x 64, 64, ''],
  finit_module  => [fileno($file), '', 0],
  delete_module => ['nslab_no_such_module', 0],
);
for my $call (sort keys %args) {
  $! = 0;
  my $r = syscall(nr($call), @{ $args{$call} });
  printf "%s %s\n", $call, $r < 0 ? sprintf('errno=%d', $! + 0) : 'succeeded';
}
