# Right variant: short options, and the shared mount made with --make-rshared.
# step: share-and-bind
mkdir -p /lab/p/{a,b,c,u}
mount -t tmpfs pa /lab/p/a
mount --make-rshared /lab/p/a
mount --bind /lab/p/a /lab/p/b
grep /lab/p /proc/self/mountinfo
# step: propagate
mkdir /lab/p/a/x
mount -t tmpfs px /lab/p/a/x
findmnt -R -o TARGET,SOURCE,PROPAGATION /lab
# step: slave
mount --make-rslave /lab/p/b
mkdir /lab/p/a/{y,z}
mount -t tmpfs py /lab/p/a/y
mount -t tmpfs pz /lab/p/b/z
grep /lab/p /proc/self/mountinfo
# step: namespaces
# terminal: 2
unshare --mount --propagation unchanged bash
grep /lab/p/a /proc/self/mountinfo
# terminal: 1
unshare -m sleep 3600 &
grep /lab/p/a /proc/$!/mountinfo
# step: cross
mkdir /lab/p/a/w
mount -t tmpfs pw /lab/p/a/w
# terminal: 2
findmnt /lab/p/a/w
# terminal: 1
grep /lab/p/a/w /proc/$!/mountinfo || echo "not in the private namespace"
# step: unbindable
mount --bind /lab/p/u /lab/p/u
mount --make-unbindable /lab/p/u
mount --bind /lab/p/u /lab/p/c; echo "exit status $?"
grep -E '/lab/p/(u|c) ' /proc/self/mountinfo
