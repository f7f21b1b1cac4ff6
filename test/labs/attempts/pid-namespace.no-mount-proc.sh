# Wrong attempt: a new PID namespace, but ps still reads the box's /proc.
unshare --pid --fork bash
ps -e -o pid=,comm= > /lab/inside-ps
sleep 1000 &
# expect: look-inside: ps reads /proc. Without --mount-proc
