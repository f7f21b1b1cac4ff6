# Wrong attempt: the right commands of the namespaces step, in the wrong order: pw is
# mounted first and terminal 2's namespace is made afterwards, so pw reaches it by
# being copied into the new namespace, not by propagation.
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
unshare --mount sleep 3600 &
mkdir /lab/p/a/w
mount -t tmpfs pw /lab/p/a/w
# terminal: 2
unshare --mount --propagation unchanged bash
findmnt /lab/p/a/w
# step: unbindable
# terminal: 1
mount --bind /lab/p/u /lab/p/u
mount --make-unbindable /lab/p/u
mount --bind /lab/p/u /lab/p/c
# expect: namespaces: Expected no mount at /lab/p/a/w in the box's mount namespace, but tmpfs "pw"
# expect: namespaces: mounted now, before the namespaces, it reaches them by being copied
