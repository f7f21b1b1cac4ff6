# Wrong attempt (cgroup v1, where cpu and cpuacct are separate hierarchies):
# the weights are written, but each loop joins only cpuacct's lab-x, where it is
# counted, never cpu's, where the weight would apply; lab-a's loop is niced
# instead. Both share the box's cpu cgroup, and nice 5 against 0 (weights 335
# and 1024) makes the 1:3: the split is nice's, not the cgroups' weights'.
# On v2 (one hierarchy) the loops stay in the box's cgroup, and lab-x counts nothing.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then V=2; else V=1; fi
# step: weights
if [ $V = 2 ]; then mkdir /sys/fs/cgroup/lab-a /sys/fs/cgroup/lab-b; echo 100 > /sys/fs/cgroup/lab-a/cpu.weight; echo 300 > /sys/fs/cgroup/lab-b/cpu.weight; else mkdir -p /sys/fs/cgroup/cpu/lab-a /sys/fs/cgroup/cpu/lab-b /sys/fs/cgroup/cpuacct/lab-a /sys/fs/cgroup/cpuacct/lab-b /sys/fs/cgroup/freezer/lab-b; echo 1024 > /sys/fs/cgroup/cpu/lab-a/cpu.shares; echo 3072 > /sys/fs/cgroup/cpu/lab-b/cpu.shares; fi
# step: contend
if [ $V = 2 ]; then taskset -c 0 nice -n 5 sh -c 'while :; do :; done' & else taskset -c 0 nice -n 5 sh -c 'echo $$ > /sys/fs/cgroup/cpuacct/lab-a/cgroup.procs; while :; do :; done' & fi
if [ $V = 2 ]; then taskset -c 0 sh -c 'while :; do :; done' & else taskset -c 0 sh -c 'for c in cpuacct freezer; do echo $$ > /sys/fs/cgroup/$c/lab-b/cgroup.procs; done; while :; do :; done' & fi
# step: stop
kill %1 %2
# expect: contend: in the cpu hierarchy
