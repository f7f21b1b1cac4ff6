# Wrong attempt: tries to make the plain directory /lab/p/u unbindable without first making it a mount
# (bind it onto itself); --make-unbindable fails, and the bind onto /lab/p/c then succeeds.
mkdir -p /lab/p/{a,b,c,u}
mount -t tmpfs pa /lab/p/a
mount --make-shared /lab/p/a
mount --bind /lab/p/a /lab/p/b
mkdir /lab/p/a/x
mount -t tmpfs px /lab/p/a/x
mount --make-slave /lab/p/b
mkdir /lab/p/a/{y,z}
mount -t tmpfs py /lab/p/a/y
mount -t tmpfs pz /lab/p/b/z
# step: unbindable
mount --make-unbindable /lab/p/u
mount --bind /lab/p/u /lab/p/c
# expect: unbindable: Expected the mount at /lab/p/u to be unbindable, but /lab/p/u is not a mount point in the box's mount namespace
# expect: unbindable: Expected no mount at /lab/p/c in the box's mount namespace, but tmpfs
