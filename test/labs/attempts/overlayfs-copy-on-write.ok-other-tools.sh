# Right variant: other tools through the merged view: tee -a to append, unlink to delete, rm -r and mkdir -p to replace the dir.
# step: stack-layers
mkdir -p /lab/ov/{l1,l2,up,wk,mnt}
echo base > /lab/ov/l1/a
echo doomed > /lab/ov/l1/b
mkdir /lab/ov/l1/conf && echo old > /lab/ov/l1/conf/old.conf
echo top > /lab/ov/l2/a
mount -t overlay ov -o lowerdir=/lab/ov/l2:/lab/ov/l1,upperdir=/lab/ov/up,workdir=/lab/ov/wk /lab/ov/mnt
ls /lab/ov/mnt; cat /lab/ov/mnt/a
# step: copy-up
echo more | tee -a /lab/ov/mnt/a
cat /lab/ov/mnt/a; cat /lab/ov/up/a; cat /lab/ov/l2/a
# step: whiteout
unlink /lab/ov/mnt/b
ls -l /lab/ov/mnt /lab/ov/up
stat -c '%F %t:%T' /lab/ov/up/b
# step: opaque-and-new
rm -r /lab/ov/mnt/conf
mkdir -p /lab/ov/mnt/conf
echo fresh > /lab/ov/mnt/conf/new.conf
echo hello > /lab/ov/mnt/c
ls /lab/ov/mnt/conf /lab/ov/l1/conf
getfattr -d -m - /lab/ov/up/conf
