# Wrong attempt: binds a onto b first and makes a shared only afterwards, so b never joins a's peer group
# and the mount under a does not reach b.
# step: share-and-bind
mkdir -p /lab/p/{a,b,c,u}
mount -t tmpfs pa /lab/p/a
mount --bind /lab/p/a /lab/p/b
mount --make-shared /lab/p/a
# step: propagate
mkdir /lab/p/a/x
mount -t tmpfs px /lab/p/a/x
# expect: share-and-bind: Expected the mount at /lab/p/b in the box's mount namespace to be in the same peer group as the mount at /lab/p/a
# expect: share-and-bind: making a shared later does not pull b in
# expect: propagate: Expected a tmpfs mount at /lab/p/b/x in the box's mount namespace, but /lab/p/b/x is not a mount point there
