# Wrong attempt: forgets to leave the namespace's shell; the last hostname is read inside
# it, so the file says lab-a although the box was never renamed.
# expect: leave: it contains "lab-a". After `exit`
# step: look-around
readlink /proc/1/ns/uts /proc/$$/ns/uts
hostname > /lab/hostname-before
# step: unshare-uts
unshare --uts bash
readlink /proc/$$/ns/uts
# step: set-hostname
hostname lab-a
hostname
# step: leave
hostname > /lab/hostname-after
