// The read half of the mounts probe: one sh script run inside the lab box, for
// the pids in $NSLAB_PIDS (one per mount namespace, chosen by the caller). Per
// pid it prints a header, then that pid's mountinfo verbatim:
//   @ <pid> <mnt ns link>
//   <mountinfo lines>
// Mountinfo lines start with a mount ID (a digit) and hold no raw newline (the
// kernel escapes it), so a header can never be confused with one.
// A pid that exited is skipped: both reads must succeed before anything is printed.
export const MOUNTS_PROBE_SCRIPT = String.raw`
for pid in $NSLAB_PIDS; do
  ns=$(readlink "/proc/$pid/ns/mnt" 2>/dev/null) || continue
  info=$(cat "/proc/$pid/mountinfo" 2>/dev/null) || continue
  printf '@ %s %s\n%s\n' "$pid" "$ns" "$info"
done
`;
