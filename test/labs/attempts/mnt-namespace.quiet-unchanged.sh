# Wrong attempt: mounts "quiet" with --propagation unchanged as well, so it propagates back to the box just like "loud".
# step: unshare-mnt
mkdir -p /lab/m
unshare --mount bash
sleep 3600 &
# step: private-mount
mount -t tmpfs labtmp /lab/m
echo hi > /lab/m/f
# step: peek-in
# terminal: 2
cat /proc/$(pgrep -xf 'sleep 3600')/root/lab/m/f > /lab/seen-from-box
# step: propagation
# terminal: 2
mkdir -p /lab/shared
mount --bind /lab/shared /lab/shared
mount --make-shared /lab/shared
mkdir -p /lab/shared/quiet /lab/shared/loud
unshare --mount --propagation unchanged sh -c 'mount -t tmpfs quiet /lab/shared/quiet'
unshare --mount --propagation unchanged sh -c 'mount -t tmpfs loud /lab/shared/loud'
# expect: propagation: Expected no mount at /lab/shared/quiet in the box's mount namespace, but tmpfs "quiet"
# expect: propagation: private by default
