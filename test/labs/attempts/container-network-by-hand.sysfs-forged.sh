# Wrong attempt: instead of a bridge, a tmpfs over the box's /sys/class/net with
# files that look like one (the box's root may mount over /sys). The probe reads
# links only from the kernel's sysfs, so there is no bridge to see.
# step: bridge
mount -t tmpfs fake /sys/class/net
mkdir -p /sys/class/net/lab-br0/bridge
echo up > /sys/class/net/lab-br0/operstate
echo 0x1003 > /sys/class/net/lab-br0/flags
# expect: bridge: there is no link lab-br0
