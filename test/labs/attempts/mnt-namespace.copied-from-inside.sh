# Wrong attempt: the right file, made without looking into the namespace from the box.
# The learner copies f from the unshared shell (terminal 1), where /lab/m is mounted,
# into /lab, which both namespaces share: /lab/seen-from-box says hi, but nothing
# looked through /proc/<pid>/root.
# step: unshare-mnt
mkdir -p /lab/m
unshare --mount bash
sleep 3600 &
# step: private-mount
mount -t tmpfs labtmp /lab/m
echo hi > /lab/m/f
# step: peek-in
cat /lab/m/f > /lab/seen-from-box
# terminal: 2
ls /lab/m
cat /lab/seen-from-box
# expect: peek-in: no process of the box's mount namespace has its working directory on the namespace's tmpfs
# expect: peek-in: A file typed by hand, or copied from inside the namespace (terminal 1), is not looking in from the box
