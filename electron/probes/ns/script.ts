// The read half of the namespace probe: one sh script run inside the lab box.
// It prints a line-oriented record per process, parsed by parse.ts:
//   S <probe pid> <probe parent pid>     (so the parser can leave the probe out)
//   P <pid>, then T <status line> (Name, PPid, NSpid), N <type> <link>, C <base64 argv>
//   H <uts link> <hostname>              (once per UTS namespace)
//   U <user link>, then u/g <uid_map/gid_map line>   (once per user namespace)
//   O <ns inode> <type> <owner user ns inode> <parent ns inode>   (from lsns, 0 = none visible)
// The owning user namespace comes from ioctl(NS_GET_USERNS), which no shell
// command exposes but lsns (util-linux) calls for its ONS and PNS columns.
// One `ls -l` per process reads all ns links at once; the hostname is read from
// inside each UTS namespace, since /proc/sys/kernel/hostname answers for the reader's.
// Processes may exit mid-read: every read tolerates failure and the parser
// tolerates partial records.
export const NAMESPACE_PROBE_SCRIPT = String.raw`
echo "S $$ $PPID"
seen_uts=" "
seen_user=" "
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
  user=$(readlink "$d/ns/user" 2>/dev/null) || continue
  case "$seen_user" in *" $user "*) ;; *)
    seen_user="$seen_user$user "
    echo "U $user"
    while IFS= read -r line; do echo "u $line"; done < "$d/uid_map" 2>/dev/null
    while IFS= read -r line; do echo "g $line"; done < "$d/gid_map" 2>/dev/null;;
  esac
  uts=$(readlink "$d/ns/uts" 2>/dev/null) || continue
  case "$seen_uts" in *" $uts "*) continue;; esac
  seen_uts="$seen_uts$uts "
  host=$(nsenter -t "$pid" -u cat /proc/sys/kernel/hostname 2>/dev/null) && echo "H $uts $host"
done
lsns -rn -o NS,TYPE,ONS,PNS 2>/dev/null | while read -r ns type owner parent; do echo "O $ns $type $owner $parent"; done
`;
