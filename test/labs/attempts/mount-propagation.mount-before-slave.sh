# Wrong attempt: mounts pz under b while b is still a peer of a, and makes b a slave only afterwards,
# so pz has already propagated back to a.
mkdir -p /lab/p/{a,b,c,u}
mount -t tmpfs pa /lab/p/a
mount --make-shared /lab/p/a
mount --bind /lab/p/a /lab/p/b
mkdir /lab/p/a/x
mount -t tmpfs px /lab/p/a/x
# step: slave
mkdir /lab/p/a/{y,z}
mount -t tmpfs py /lab/p/a/y
mount -t tmpfs pz /lab/p/b/z
mount --make-slave /lab/p/b
# expect: slave: Expected no mount at /lab/p/a/z in the box's mount namespace, but tmpfs "pz"
# expect: slave: Was b still shared when you mounted z?
