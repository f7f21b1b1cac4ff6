# Wrong attempt: forgets `unshare --mount`, so the tmpfs is mounted in the box's own mount namespace and everyone sees it.
# step: unshare-mnt
mkdir -p /lab/m
sleep 3600 &
# step: private-mount
mount -t tmpfs labtmp /lab/m
echo hi > /lab/m/f
# step: peek-in
# terminal: 2
cat /lab/m/f > /lab/seen-from-box
# expect: unshare-mnt: , the same as the box's init (PID 1)
# expect: private-mount: Expected no mount at /lab/m in the box's mount namespace, but tmpfs "labtmp"
# expect: private-mount: Undo it with `umount /lab/m`
