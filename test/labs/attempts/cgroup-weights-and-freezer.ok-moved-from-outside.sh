# Right variant: each loop is started plainly and moved into its cgroup by the
# learner's shell afterwards (`echo $! > …/cgroup.procs`), so no command line
# names lab-b: the grade must find the frozen loop by what it is, not by how it
# was started.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then V=2; else V=1; fi
# step: weights
if [ $V = 2 ]; then mkdir /sys/fs/cgroup/lab-a /sys/fs/cgroup/lab-b; echo 100 > /sys/fs/cgroup/lab-a/cpu.weight; echo 300 > /sys/fs/cgroup/lab-b/cpu.weight; else mkdir -p /sys/fs/cgroup/cpu/lab-a /sys/fs/cgroup/cpu/lab-b /sys/fs/cgroup/cpuacct/lab-a /sys/fs/cgroup/cpuacct/lab-b /sys/fs/cgroup/freezer/lab-b; echo 1024 > /sys/fs/cgroup/cpu/lab-a/cpu.shares; echo 3072 > /sys/fs/cgroup/cpu/lab-b/cpu.shares; fi
# step: contend
taskset -c 0 sh -c 'while :; do :; done' &
if [ $V = 2 ]; then echo $! > /sys/fs/cgroup/lab-a/cgroup.procs; else for c in cpu cpuacct; do echo $! > /sys/fs/cgroup/$c/lab-a/cgroup.procs; done; fi
taskset -c 0 sh -c 'while :; do :; done' &
if [ $V = 2 ]; then echo $! > /sys/fs/cgroup/lab-b/cgroup.procs; else for c in cpu cpuacct freezer; do echo $! > /sys/fs/cgroup/$c/lab-b/cgroup.procs; done; fi
# step: freeze
if [ $V = 2 ]; then echo 1 > /sys/fs/cgroup/lab-b/cgroup.freeze; else echo FROZEN > /sys/fs/cgroup/freezer/lab-b/freezer.state; fi
# step: thaw
if [ $V = 2 ]; then echo 0 > /sys/fs/cgroup/lab-b/cgroup.freeze; else echo THAWED > /sys/fs/cgroup/freezer/lab-b/freezer.state; fi
# step: devices
if [ $V = 1 ]; then mkdir /sys/fs/cgroup/devices/lab-dev; echo 'c 1:5 rw' > /sys/fs/cgroup/devices/lab-dev/devices.deny; fi
mknod /tmp/disk b 8 0
# step: stop
kill %1 %2
wait
if [ $V = 2 ]; then rmdir /sys/fs/cgroup/lab-a /sys/fs/cgroup/lab-b /sys/fs/cgroup/lab-dev; else rmdir /sys/fs/cgroup/cpu/lab-a /sys/fs/cgroup/cpu/lab-b /sys/fs/cgroup/cpuacct/lab-a /sys/fs/cgroup/cpuacct/lab-b /sys/fs/cgroup/freezer/lab-b /sys/fs/cgroup/devices/lab-dev; fi
