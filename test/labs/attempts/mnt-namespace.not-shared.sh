# Wrong attempt: skips making /lab/shared a shared mount, so the box's mounts stay private and even --propagation unchanged has nothing to propagate through.
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
mkdir -p /lab/shared/quiet /lab/shared/loud
unshare --mount sh -c 'mount -t tmpfs quiet /lab/shared/quiet'
unshare --mount --propagation unchanged sh -c 'mount -t tmpfs loud /lab/shared/loud'
# expect: propagation: Expected the mount at /lab/shared to be shared, but /lab/shared is not a mount point in the box's mount namespace
# expect: propagation: Expected a tmpfs mount at /lab/shared/loud in the box's mount namespace, but /lab/shared/loud is not a mount point there
