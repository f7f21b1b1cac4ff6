# Wrong attempt, the recipe of the seeds' own material: a new PID namespace without a
# new mount namespace, then `mount -t proc proc /proc`. The mount lands on the box's
# own /proc, which from then on shows the new namespace's processes only.
# step: unshare-pid
unshare --pid --fork bash
mount -t proc proc /proc
echo $$
# step: look-inside
ps -e -o pid=,comm= > /lab/inside-ps
# step: two-pids
sleep 1000 &
echo $!
# expect: look-inside: The box's own /proc is hidden: a proc of another PID namespace is mounted over it
# expect: look-inside: Fix it without a reset: run `umount /proc` in any terminal of the box
