// The read half of the overlay probe, run after the overlay's dirs are known from
// mountinfo (see read.ts). The dirs are taken from the environment, never pasted
// into the script: $NSLAB_PID, $NSLAB_UPPER, $NSLAB_LOWER_COUNT, $NSLAB_LOWER_1…n.
// They are resolved under /proc/$NSLAB_PID/root, so an overlay mounted inside
// another mount namespace (or a chroot) is read from where it was mounted.
// One line per entry, paths relative to the dir listed ("./etc/motd"):
//   L <stat %F>|<major>:<minor>|<path>   an entry of a lower dir, topmost dir first
//   U <stat %F>|<major>:<minor>|<path>   an entry of the upper dir (a whiteout is a 0:0 character device)
//   O <path>                             an upper dir marked opaque (trusted.overlay.opaque=y)
//   X                                    xattrs were read: every R line that applies follows
//   R <path>                             an upper entry the kernel copied up: it records where from
//                                        (trusted.overlay.origin); one made in the upper dir by hand has none
// Names holding a newline are not supported: the listing is line-oriented.
export const OVERLAY_LISTING_SCRIPT = String.raw`
root=/proc/$NSLAB_PID/root
i=1
while [ "$i" -le "$NSLAB_LOWER_COUNT" ]; do
  eval "dir=\$NSLAB_LOWER_$i"
  cd "$root/$dir" || exit 3
  find . -mindepth 1 -exec stat -c 'L %F|%t:%T|%n' {} +
  i=$((i + 1))
done
[ -n "$NSLAB_UPPER" ] || exit 0
cd "$root/$NSLAB_UPPER" || exit 3
find . -mindepth 1 -exec stat -c 'U %F|%t:%T|%n' {} +
# getfattr (Debian package attr) is the only reader of xattrs the box may have;
# without it opaque dirs cannot be told apart and read as copied-up or new, and
# a copy-up cannot be told from a file put into the upper dir by hand.
command -v getfattr >/dev/null || exit 0
echo X
find . -mindepth 1 | while IFS= read -r e; do
  [ -d "$e" ] && [ "$(getfattr -h --only-values -n trusted.overlay.opaque -- "$e" 2>/dev/null)" = y ] && echo "O $e"
  getfattr -h -n trusted.overlay.origin -- "$e" >/dev/null 2>&1 && echo "R $e"
done
exit 0
`;
