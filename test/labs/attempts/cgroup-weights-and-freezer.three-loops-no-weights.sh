# Wrong attempt: leaves the weights at their defaults and gets 1:3 by running
# three loops in lab-b against one in lab-a: that is sharing by process count.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then V=2; else V=1; fi
# step: weights
if [ $V = 2 ]; then mkdir /sys/fs/cgroup/lab-a /sys/fs/cgroup/lab-b; else mkdir -p /sys/fs/cgroup/cpu/lab-a /sys/fs/cgroup/cpu/lab-b /sys/fs/cgroup/cpuacct/lab-a /sys/fs/cgroup/cpuacct/lab-b /sys/fs/cgroup/freezer/lab-b; fi
# step: contend
if [ $V = 2 ]; then taskset -c 0 sh -c 'echo $$ > /sys/fs/cgroup/lab-a/cgroup.procs; while :; do :; done' & else taskset -c 0 sh -c 'for c in cpu cpuacct; do echo $$ > /sys/fs/cgroup/$c/lab-a/cgroup.procs; done; while :; do :; done' & fi
for i in 1 2 3; do if [ $V = 2 ]; then taskset -c 0 sh -c 'echo $$ > /sys/fs/cgroup/lab-b/cgroup.procs; while :; do :; done' & else taskset -c 0 sh -c 'for c in cpu cpuacct freezer; do echo $$ > /sys/fs/cgroup/$c/lab-b/cgroup.procs; done; while :; do :; done' & fi; done
# step: stop
kill %1 %2 %3 %4
# expect: weights: Write the weights into each cgroup's own file
# expect: weights: has cpu.
# expect: contend: Exactly one busy loop per cgroup
