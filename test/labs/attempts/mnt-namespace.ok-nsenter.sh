# Right variant: reads the file with nsenter (setns into the namespace) instead of through
# /proc/<pid>/root, steps in with two cds, and the unshared shell is sh.
# step: unshare-mnt
mkdir -p /lab/m
unshare --mount sh
readlink /proc/1/ns/mnt /proc/$$/ns/mnt
sleep 3600 &
# step: private-mount
mount -t tmpfs labtmp /lab/m
echo hi > /lab/m/f
findmnt /lab/m
# step: peek-in
# terminal: 2
ls /lab/m
pid=$(pgrep -xf 'sleep 3600')
nsenter -t $pid --mount cat /lab/m/f > /lab/seen-from-box
nsenter -t $pid --mount findmnt /lab/m
cd /proc/$pid/root
cd lab/m && ls
# terminal: 1
# step: propagation
# terminal: 2
findmnt -o TARGET,PROPAGATION /lab
mkdir -p /lab/shared
mount --bind /lab/shared /lab/shared
mount --make-shared /lab/shared
mkdir -p /lab/shared/quiet /lab/shared/loud
unshare --mount sh -c 'mount -t tmpfs quiet /lab/shared/quiet'
unshare --mount --propagation unchanged sh -c 'mount -t tmpfs loud /lab/shared/loud'
findmnt -R -o TARGET,SOURCE,PROPAGATION /lab/shared
# terminal: 1
