// The node-side reads of node.* checks: fixed scripts nslab runs as root on a
// node (env/kube/node-shell.ts). The lab's path reaches them as a variable,
// expanded unquoted with IFS a newline so that only `*`, `?` and `[…]` act
// (pathname expansion); a variable's value is never run as a command.

/** Bytes of a file's head the node.path check reads: enough for a lab's marker file, bounded for the transcript. */
export const NODE_FILE_HEAD_BYTES = 65_536;

/**
 * One line per path matching $NSLAB_NODE_PATH: `entry<TAB>type<TAB>path<TAB>`
 * then, for a regular file, the base64 of its head. No match: no line (an
 * unmatched pattern stays itself, which does not exist).
 */
export const NODE_PATH_SCRIPT = `IFS='
'
for p in $NSLAB_NODE_PATH; do
  if [ -L "$p" ]; then t=link; elif [ -d "$p" ]; then t=dir; elif [ -f "$p" ]; then t=file; elif [ -e "$p" ]; then t=other; else continue; fi
  printf 'entry\\t%s\\t%s\\t' "$t" "$p"
  [ "$t" != file ] || head -c ${NODE_FILE_HEAD_BYTES} "$p" | base64 | tr -d '\\n'
  echo
done`;

/** The node's own mount table: its init's, as the kubelet's mounts are made in the host's mount namespace. */
export const NODE_MOUNTS_SCRIPT = 'cat /proc/1/mountinfo';
