# Right variant: the shell in the new namespace is sh, not bash.
# step: look-around
readlink /proc/1/ns/uts /proc/$$/ns/uts
hostname > /lab/hostname-before
# step: unshare-uts
unshare --uts sh
# step: set-hostname
hostname lab-a
hostname
# step: leave
exit
hostname > /lab/hostname-after
