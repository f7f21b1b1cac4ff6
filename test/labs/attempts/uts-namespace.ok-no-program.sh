# Right variant: unshare with no program runs $SHELL, here dash.
# step: look-around
readlink /proc/1/ns/uts /proc/$$/ns/uts
hostname > /lab/hostname-before
# step: unshare-uts
SHELL=/bin/dash unshare --uts
# step: set-hostname
hostname lab-a
# step: leave
exit
hostname > /lab/hostname-after
