# Wrong attempt: without --fork, bash stays in the box's PID namespace and only
# its first child becomes PID 1 (and dies), so later forks fail.
# step: unshare-pid
unshare --pid --mount-proc bash
echo $$
# step: look-inside
ps -e -o pid=,comm= > /lab/inside-ps
# step: two-pids
sleep 1000 &
# expect: unshare-pid: Did you leave out --fork?
# expect: look-inside: Without --mount-proc the shell still has the box's /proc
