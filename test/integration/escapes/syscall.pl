# Shared by the escape scripts: syscall numbers by architecture, and a report
# line the test reads ("refused errno=N" or "escaped: ...").
use strict;
use warnings;
use POSIX ();

my %NUMBERS = (
  x86_64  => { open_by_handle_at => 304, init_module => 175, finit_module => 313, delete_module => 176 },
  aarch64 => { open_by_handle_at => 265, init_module => 105, finit_module => 273, delete_module => 106 },
);

sub nr {
  my ($name) = @_;
  my $arch = (POSIX::uname())[4];
  return $NUMBERS{$arch}{$name} // die "no syscall number for $name on $arch\n";
}

sub refused { printf "refused errno=%d (%s)\n", $! + 0, $!; exit 1 }
1;
