# Wrong attempt: lists the lower dirs bottom first (lowerdir=l1:l2), so l1 ends up on top and the merged a is "base".
# step: stack-layers
mkdir -p /lab/ov/{l1,l2,up,wk,mnt}
echo base > /lab/ov/l1/a
echo doomed > /lab/ov/l1/b
mkdir /lab/ov/l1/conf && echo old > /lab/ov/l1/conf/old.conf
echo top > /lab/ov/l2/a
mount -t overlay ov -o lowerdir=/lab/ov/l1:/lab/ov/l2,upperdir=/lab/ov/up,workdir=/lab/ov/wk /lab/ov/mnt
cat /lab/ov/mnt/a
# step: copy-up
echo more >> /lab/ov/mnt/a
# step: whiteout
rm /lab/ov/mnt/b
# step: opaque-and-new
rm -rf /lab/ov/mnt/conf
mkdir /lab/ov/mnt/conf
echo fresh > /lab/ov/mnt/conf/new.conf
echo hello > /lab/ov/mnt/c
# expect: stack-layers: with lowerdir=/lab/ov/l2:/lab/ov/l1, upperdir=/lab/ov/up, but it has lowerdir=/lab/ov/l1:/lab/ov/l2
# expect: stack-layers: Expected /lab/ov/mnt/a to contain "top", but it contains "base"
# expect: copy-up: it contains "base\nmore"
