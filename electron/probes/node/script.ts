// The node-side reads of node.* checks: fixed scripts nslab runs as root on a
// node (env/kube/node-shell.ts). The lab's path reaches them as a variable,
// expanded unquoted with IFS a newline so that only `*`, `?` and `[…]` act
// (pathname expansion); a variable's value is never run as a command.

/** Bytes of a file's head the node.path check reads: enough for a lab's marker file, bounded for the transcript. */
export const NODE_FILE_HEAD_BYTES = 65_536;

/**
 * One line per path matching $NSLAB_NODE_PATH: `entry<TAB>type<TAB>` the
 * base64 of the path, `<TAB>`, then for a regular file the base64 of its head.
 * The path is encoded because a file name may hold a newline, which printed raw
 * would hide an entry or forge one. No match: no line (an unmatched pattern
 * stays itself, which does not exist).
 *
 * $NSLAB_NODE_BASE is the directory the pattern matches under (nodePathBase):
 * what lies below it may be a learner's (their volume), so a match whose real
 * path (`readlink -f`) leaves it, through a symlink the learner made, is
 * reported as `outside` and neither read nor typed: this runs as root, and would
 * otherwise read any file of the node into the learner's transcript. A match
 * that is itself a symlink is a `link`, never followed either. The file is
 * read by its real path, so the window for swapping a directory of the path
 * for a symlink is between two commands, not the whole loop.
 */
export const NODE_PATH_SCRIPT = `IFS='
'
b=$(readlink -f -- "\${NSLAB_NODE_BASE:-/}") || exit 0
[ "$b" != / ] || b=
for p in $NSLAB_NODE_PATH; do
  [ -e "$p" ] || [ -L "$p" ] || continue
  inside=no
  # The dot keeps a real path's own trailing newlines from $(…), which strips them.
  r=$(readlink -f -- "$p" && echo .)
  case "$r" in *.) r=\${r%??}; case "$r" in "$b"|"$b"/*) inside=yes;; esac;; esac
  if [ -L "$p" ]; then t=link; elif [ $inside = no ]; then t=outside; elif [ -d "$r" ]; then t=dir; elif [ -f "$r" ]; then t=file; else t=other; fi
  printf 'entry\\t%s\\t' "$t"
  printf %s "$p" | base64 | tr -d '\\n'
  printf '\\t'
  [ "$t" != file ] || head -c ${NODE_FILE_HEAD_BYTES} -- "$r" | base64 | tr -d '\\n'
  echo
done`;

/** The node's own mount table: its init's, as the kubelet's mounts are made in the host's mount namespace. */
export const NODE_MOUNTS_SCRIPT = 'cat /proc/1/mountinfo';
