# Wrong attempt: makes the copy-up by hand: copies l2/a into the upper dir and
# appends there, instead of writing through the merged view. The upper dir looks
# right, but the kernel made nothing, and the merged view still shows the old a.
# Every other step is done right.
# step: stack-layers
mkdir -p /lab/ov/{l1,l2,up,wk,mnt}
echo base > /lab/ov/l1/a
echo doomed > /lab/ov/l1/b
mkdir /lab/ov/l1/conf && echo old > /lab/ov/l1/conf/old.conf
echo top > /lab/ov/l2/a
mount -t overlay ov -o lowerdir=/lab/ov/l2:/lab/ov/l1,upperdir=/lab/ov/up,workdir=/lab/ov/wk /lab/ov/mnt
ls /lab/ov/mnt; cat /lab/ov/mnt/a
# step: copy-up
cp /lab/ov/l2/a /lab/ov/up/a
echo more >> /lab/ov/up/a
cat /lab/ov/up/a
# step: whiteout
rm /lab/ov/mnt/b
# step: opaque-and-new
rm -rf /lab/ov/mnt/conf
mkdir /lab/ov/mnt/conf
echo fresh > /lab/ov/mnt/conf/new.conf
echo hello > /lab/ov/mnt/c
# expect: copy-up: has no trusted.overlay.origin: the kernel did not copy it up
# expect: copy-up: Expected /lab/ov/mnt/a to contain "top\nmore", but it contains "top"
