# Wrong attempt: empties the lower dir conf file by file instead of removing and re-making it,
# so conf is only copied up (not opaque) and old.conf gets a whiteout of its own.
mkdir -p /lab/ov/{l1,l2,up,wk,mnt}
echo base > /lab/ov/l1/a
echo doomed > /lab/ov/l1/b
mkdir /lab/ov/l1/conf && echo old > /lab/ov/l1/conf/old.conf
echo top > /lab/ov/l2/a
mount -t overlay ov -o lowerdir=/lab/ov/l2:/lab/ov/l1,upperdir=/lab/ov/up,workdir=/lab/ov/wk /lab/ov/mnt
# step: copy-up
echo more >> /lab/ov/mnt/a
# step: whiteout
rm /lab/ov/mnt/b
# step: opaque-and-new
rm /lab/ov/mnt/conf/*
echo fresh > /lab/ov/mnt/conf/new.conf
echo hello > /lab/ov/mnt/c
# expect: opaque-and-new: Expected conf in the overlay at /lab/ov/mnt to be opaque-dir, but conf is copied-up (dir)
# expect: opaque-and-new: but conf/old.conf is whiteout
