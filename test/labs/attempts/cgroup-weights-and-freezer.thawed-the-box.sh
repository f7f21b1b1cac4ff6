# Wrong attempt: thaws the box's own cgroup instead of lab-b, one directory too
# high. lab-b stays frozen (a child frozen by itself is not thawed by its
# parent), and its loop never runs again. The box is then removed with lab-b
# still frozen: on v1 only a thaw before removal lets the engine kill it.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then V=2; else V=1; fi
# step: weights
if [ $V = 2 ]; then mkdir /sys/fs/cgroup/lab-a /sys/fs/cgroup/lab-b; echo 100 > /sys/fs/cgroup/lab-a/cpu.weight; echo 300 > /sys/fs/cgroup/lab-b/cpu.weight; else mkdir -p /sys/fs/cgroup/cpu/lab-a /sys/fs/cgroup/cpu/lab-b /sys/fs/cgroup/cpuacct/lab-a /sys/fs/cgroup/cpuacct/lab-b /sys/fs/cgroup/freezer/lab-b; echo 1024 > /sys/fs/cgroup/cpu/lab-a/cpu.shares; echo 3072 > /sys/fs/cgroup/cpu/lab-b/cpu.shares; fi
# step: contend
if [ $V = 2 ]; then taskset -c 0 sh -c 'echo $$ > /sys/fs/cgroup/lab-a/cgroup.procs; while :; do :; done' & else taskset -c 0 sh -c 'for c in cpu cpuacct; do echo $$ > /sys/fs/cgroup/$c/lab-a/cgroup.procs; done; while :; do :; done' & fi
if [ $V = 2 ]; then taskset -c 0 sh -c 'echo $$ > /sys/fs/cgroup/lab-b/cgroup.procs; while :; do :; done' & else taskset -c 0 sh -c 'for c in cpu cpuacct freezer; do echo $$ > /sys/fs/cgroup/$c/lab-b/cgroup.procs; done; while :; do :; done' & fi
# step: freeze
if [ $V = 2 ]; then echo 1 > /sys/fs/cgroup/lab-b/cgroup.freeze; else echo FROZEN > /sys/fs/cgroup/freezer/lab-b/freezer.state; fi
# step: thaw
if [ $V = 2 ]; then echo 0 > /sys/fs/cgroup/init/cgroup.freeze; else echo THAWED > /sys/fs/cgroup/freezer/freezer.state; fi
# expect: thaw: is frozen
# expect: thaw: used 0.00 CPUs
