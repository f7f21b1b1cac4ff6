# Wrong attempt: terminal 2 uses plain `unshare --mount bash`; util-linux then makes every mount in the
# new namespace private, so the new mount from terminal 1 never reaches it.
# step: share-and-bind
mkdir -p /lab/p/{a,b,c,u}
mount -t tmpfs pa /lab/p/a
mount --make-shared /lab/p/a
mount --bind /lab/p/a /lab/p/b
# step: propagate
mkdir /lab/p/a/x
mount -t tmpfs px /lab/p/a/x
# step: slave
mount --make-slave /lab/p/b
mkdir /lab/p/a/{y,z}
mount -t tmpfs py /lab/p/a/y
mount -t tmpfs pz /lab/p/b/z
# step: namespaces
# terminal: 2
unshare --mount bash
# terminal: 1
unshare --mount sleep 3600 &
# step: cross
mkdir /lab/p/a/w
mount -t tmpfs pw /lab/p/a/w
# terminal: 2
findmnt /lab/p/a/w
# step: unbindable
# terminal: 1
mount --bind /lab/p/u /lab/p/u
mount --make-unbindable /lab/p/u
mount --bind /lab/p/u /lab/p/c
# expect: namespaces: Without `--propagation unchanged`, unshare makes every mount of the new namespace private
# expect: cross: in a mnt namespace of its own (not the box's), but /lab/p/a/w is not a mount point there
