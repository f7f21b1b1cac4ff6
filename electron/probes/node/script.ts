// The node-side reads of node.* checks: fixed scripts nslab runs as root on a
// node (env/kube/node-shell.ts). The lab's path reaches them as a variable,
// expanded unquoted with IFS a newline so that only `*`, `?` and `[…]` act
// (pathname expansion); a variable's value is never run as a command.

/** Bytes of a file's head the node.path check reads: enough for a lab's marker file, bounded for the transcript. */
export const NODE_FILE_HEAD_BYTES = 65_536;

/**
 * What NODE_PATH_SCRIPT runs for the matches, with perl (perl-base, which
 * Debian's kind node image and the guest both carry: it is Essential there).
 * Each match is opened once with O_PATH, which follows symlinks but opens no
 * device and waits on no FIFO; what it reached is judged by the kernel's own
 * name for it (/proc/self/fd/N) and its fstat, and a regular file inside is
 * then read through that same fd. A learner's pod that swaps a directory of the
 * path for a symlink at any moment can change what is opened, never make a file
 * outside pass for one inside: the judging and the read are of one inode.
 * O_PATH is 010000000 on x86 and arm (Linux 2.6.39); Perl's Fcntl does not
 * name it. The base64 is MIME::Base64::Perl's (perl-base has no MIME::Base64).
 */
const NODE_PATH_READER = String.raw`use Fcntl;
my $O_PATH = 010000000;
my ($base, @paths) = @ARGV;
sub real { readlink "/proc/self/fd/" . fileno $_[0] }
sub b64 {
  my $s = shift;
  my $e = join "", map { (pack "u", $_) =~ /^.(\S*)/ } $s =~ /(.{1,45})/gs;
  $e =~ tr|\x60 -_|AA-Za-z0-9+/|;
  my $pad = (3 - length($s) % 3) % 3;
  $e =~ s/.{$pad}$/"=" x $pad/e if $pad;
  $e
}
sysopen my $bh, $base, $O_PATH or exit 0;
my $b = real($bh);
$b = "" if $b eq "/";
for my $p (@paths) {
  lstat $p or next;
  my ($t, $head) = ("link", "");
  if (!-l _) {
    sysopen my $h, $p, $O_PATH or next;
    my $r = real($h);
    if (!defined $r || ($r ne $b && index($r, "$b/") != 0)) { $t = "outside" }
    elsif (-d $h) { $t = "dir" }
    elsif (!-f _) { $t = "other" }
    else {
      $t = "file";
      if (sysopen my $f, "/proc/self/fd/" . fileno($h), O_RDONLY | O_NOCTTY | O_NONBLOCK) {
        1 while length($head) < MAX && sysread $f, $head, MAX - length($head), length $head;
      }
    }
  }
  print "entry\t$t\t", b64($p), "\t", b64($head), "\n";
}`.replaceAll('MAX', String(NODE_FILE_HEAD_BYTES));

/**
 * One line per path matching $NSLAB_NODE_PATH: `entry<TAB>type<TAB>` the
 * base64 of the path, `<TAB>`, then for a regular file the base64 of its head.
 * The path is encoded because a file name may hold a newline, which printed raw
 * would hide an entry or forge one. No match: no line (an unmatched pattern
 * stays itself, which does not exist).
 *
 * $NSLAB_NODE_BASE is the directory the pattern matches under (nodePathBase):
 * what lies below it may be a learner's (their volume), so a match whose real
 * path leaves it, through a symlink the learner made, is reported as `outside`
 * and neither read nor typed: this runs as root, and would otherwise read any
 * file of the node into the learner's transcript. A match that is itself a
 * symlink is a `link`, never followed either. NODE_PATH_READER says why a
 * symlink swapped in while it runs cannot lead it out.
 */
export const NODE_PATH_SCRIPT = `IFS='
'
exec perl -e '${NODE_PATH_READER}' -- "\${NSLAB_NODE_BASE:-/}" $NSLAB_NODE_PATH`;

/** The node's own mount table: its init's, as the kubelet's mounts are made in the host's mount namespace. */
export const NODE_MOUNTS_SCRIPT = 'cat /proc/1/mountinfo';
