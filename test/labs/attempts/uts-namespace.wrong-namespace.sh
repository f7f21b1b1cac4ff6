# Wrong attempt: unshare with the wrong flag (--ipc instead of --uts): the new shell shares
# the box's UTS namespace, so hostname renames the box.
# expect: unshare-uts: , the same as the box's init (PID 1)
# expect: set-hostname: the hostname seen by the box's init (PID 1) to be "nslab-box", but it sees "lab-a"
# step: look-around
readlink /proc/1/ns/uts /proc/$$/ns/uts
hostname > /lab/hostname-before
# step: unshare-uts
unshare --ipc bash
readlink /proc/$$/ns/uts
# step: set-hostname
hostname lab-a
hostname
# step: leave
exit
hostname > /lab/hostname-after
