# Wrong attempt: renames the box itself, because no new UTS namespace was made.
readlink /proc/1/ns/uts /proc/$$/ns/uts
hostname > /lab/hostname-before
hostname lab-a
hostname > /lab/hostname-after
# expect: unshare-uts: Start the shell with `unshare --uts bash`
# expect: unshare-uts: , the same as the box's init (PID 1)
# expect: set-hostname: the hostname seen by the box's init (PID 1) to be "nslab-box", but it sees "lab-a"
# expect: leave: it contains "lab-a"
