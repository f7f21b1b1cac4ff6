# Right variant: terminal 2's namespace is entered with no program, so unshare runs
# $SHELL, here dash (a login "-dash"); the sleep's namespace uses the short option.
# step: share-and-bind
mkdir -p /lab/p/a /lab/p/b /lab/p/c /lab/p/u
mount -t tmpfs pa /lab/p/a
mount --make-shared /lab/p/a
mount --bind /lab/p/a /lab/p/b
# step: propagate
mkdir /lab/p/a/x
mount -t tmpfs px /lab/p/a/x
# step: slave
mount --make-slave /lab/p/b
mkdir /lab/p/a/y /lab/p/a/z
mount -t tmpfs py /lab/p/a/y
mount -t tmpfs pz /lab/p/b/z
# step: namespaces
# terminal: 2
SHELL=/bin/dash unshare --mount --propagation unchanged
grep /lab/p/a /proc/self/mountinfo
# terminal: 1
unshare -m sleep 3600 &
# step: cross
mkdir /lab/p/a/w
mount -t tmpfs pw /lab/p/a/w
# terminal: 2
findmnt /lab/p/a/w
# step: unbindable
# terminal: 1
mount --bind /lab/p/u /lab/p/u
mount --make-unbindable /lab/p/u
mount --bind /lab/p/u /lab/p/c; echo "exit status $?"
