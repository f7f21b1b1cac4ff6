# Right variant: dash as the new namespace's PID 1.
# step: unshare-pid
unshare --pid --fork --mount-proc dash
echo $$
# step: look-inside
ps -e -o pid=,comm= > /lab/inside-ps
# step: two-pids
sleep 1000 &
echo $!
