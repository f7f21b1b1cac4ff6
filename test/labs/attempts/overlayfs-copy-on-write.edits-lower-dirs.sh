# Wrong attempt: changes and deletes files in the layer dirs themselves instead of through /lab/ov/mnt,
# so nothing is copied up or whited out, and the "read-only" layers are changed.
# step: stack-layers
mkdir -p /lab/ov/{l1,l2,up,wk,mnt}
echo base > /lab/ov/l1/a
echo doomed > /lab/ov/l1/b
mkdir /lab/ov/l1/conf && echo old > /lab/ov/l1/conf/old.conf
echo top > /lab/ov/l2/a
mount -t overlay ov -o lowerdir=/lab/ov/l2:/lab/ov/l1,upperdir=/lab/ov/up,workdir=/lab/ov/wk /lab/ov/mnt
# step: copy-up
echo more >> /lab/ov/l2/a
cat /lab/ov/mnt/a
# step: whiteout
rm /lab/ov/l1/b
# step: opaque-and-new
rm -rf /lab/ov/l1/conf
mkdir /lab/ov/up/conf
echo fresh > /lab/ov/up/conf/new.conf
echo hello > /lab/ov/mnt/c
# expect: copy-up: Expected a in the overlay at /lab/ov/mnt to be copied-up, but the upper dir /lab/ov/up has no a
# expect: copy-up: a changed l2/a means it was written directly
# expect: whiteout: Expected b in the overlay at /lab/ov/mnt to be whiteout
# expect: whiteout: Expected /lab/ov/l1/b to contain "doomed", but it cannot be read
# expect: opaque-and-new: Expected conf in the overlay at /lab/ov/mnt to be opaque-dir, but conf is new (dir)
