// The read half of the namespace probe: one sh script run inside the lab box.
// It prints a line-oriented record per process, parsed by parse.ts:
//   S <probe pid> <probe parent pid>     (so the parser can leave the probe out)
//   P <pid>, then T <status line> (Name, PPid, NSpid), N <type> <link>, C <base64 argv>
//   H <uts link> <hostname>              (once per UTS namespace)
// One `ls -l` per process reads all ns links at once; the hostname is read from
// inside each UTS namespace, since /proc/sys/kernel/hostname answers for the reader's.
// Processes may exit mid-read: every read tolerates failure and the parser
// tolerates partial records.
export const NAMESPACE_PROBE_SCRIPT = String.raw`
echo "S $$ $PPID"
seen_uts=" "
for d in /proc/[0-9]*; do
  pid=${'$'}{d#/proc/}
  [ "$pid" = "$$" ] && continue
  record="P $pid"
  while IFS= read -r line; do
    case "$line" in Name:*|PPid:*|NSpid:*) record="$record
T $line";; esac
  done < "$d/status" 2>/dev/null || continue
  echo "$record"
  ls -l "$d/ns/" 2>/dev/null | while read -r _ _ _ _ _ _ _ _ name _ target; do
    [ -n "$target" ] && echo "N $name $target"
  done
  echo "C $(base64 -w0 < "$d/cmdline" 2>/dev/null)"
  uts=$(readlink "$d/ns/uts" 2>/dev/null) || continue
  case "$seen_uts" in *" $uts "*) continue;; esac
  seen_uts="$seen_uts$uts "
  host=$(nsenter -t "$pid" -u cat /proc/sys/kernel/hostname 2>/dev/null) && echo "H $uts $host"
done
`;
