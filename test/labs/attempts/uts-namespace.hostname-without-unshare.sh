# Wrong attempt: renames the box itself, because no new UTS namespace was made.
readlink /proc/1/ns/uts /proc/$$/ns/uts
hostname > /lab/hostname-before
hostname lab-a
hostname > /lab/hostname-after
