# Right variant: weights 50:150 (v1 shares 512:1536), the CPU given as a mask
# (`taskset 1`), bash loops, pkill to stop them and find to remove the cgroups.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then V=2; else V=1; fi
# step: weights
if [ $V = 2 ]; then mkdir /sys/fs/cgroup/lab-a /sys/fs/cgroup/lab-b; echo 50 > /sys/fs/cgroup/lab-a/cpu.weight; echo 150 > /sys/fs/cgroup/lab-b/cpu.weight; else mkdir -p /sys/fs/cgroup/cpu/lab-a /sys/fs/cgroup/cpu/lab-b /sys/fs/cgroup/cpuacct/lab-a /sys/fs/cgroup/cpuacct/lab-b /sys/fs/cgroup/freezer/lab-b; echo 512 > /sys/fs/cgroup/cpu/lab-a/cpu.shares; echo 1536 > /sys/fs/cgroup/cpu/lab-b/cpu.shares; fi
# step: contend
if [ $V = 2 ]; then taskset 1 bash -c 'echo $$ > /sys/fs/cgroup/lab-a/cgroup.procs; while true; do :; done' & else taskset 1 bash -c 'for c in cpu cpuacct; do echo $$ > /sys/fs/cgroup/$c/lab-a/cgroup.procs; done; while true; do :; done' & fi
if [ $V = 2 ]; then taskset 1 bash -c 'echo $$ > /sys/fs/cgroup/lab-b/cgroup.procs; while true; do :; done' & else taskset 1 bash -c 'for c in cpu cpuacct freezer; do echo $$ > /sys/fs/cgroup/$c/lab-b/cgroup.procs; done; while true; do :; done' & fi
# step: freeze
if [ $V = 2 ]; then echo 1 > /sys/fs/cgroup/lab-b/cgroup.freeze; else echo FROZEN > /sys/fs/cgroup/freezer/lab-b/freezer.state; fi
# step: thaw
if [ $V = 2 ]; then echo 0 > /sys/fs/cgroup/lab-b/cgroup.freeze; else echo THAWED > /sys/fs/cgroup/freezer/lab-b/freezer.state; fi
# step: devices
if [ $V = 1 ]; then mkdir /sys/fs/cgroup/devices/lab-dev; echo 'c 1:5 rwm' > /sys/fs/cgroup/devices/lab-dev/devices.deny; fi
mknod /tmp/disk b 8 0
# step: stop
pkill -f 'while true'
wait
find /sys/fs/cgroup -mindepth 1 -maxdepth 2 -type d -name 'lab-*' -exec rmdir {} +
