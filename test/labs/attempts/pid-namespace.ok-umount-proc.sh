# Right variant: falls into the seeds' recipe (`mount -t proc proc /proc` over the
# box's own /proc), follows the grader's advice (`umount /proc`, no reset), and
# starts again the right way.
# step: unshare-pid
unshare --pid --fork bash
mount -t proc proc /proc
umount /proc
exit
unshare --pid --fork --mount-proc bash
echo $$
# step: look-inside
ps -e -o pid=,comm= > /lab/inside-ps
# step: two-pids
sleep 1000 &
echo $!
