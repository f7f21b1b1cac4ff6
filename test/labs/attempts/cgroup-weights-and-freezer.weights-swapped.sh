# Wrong attempt: the weights the wrong way round (lab-a 3, lab-b 1), with the
# loops pinned as the step says: lab-b gets a third of lab-a's CPU, not three times.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then V=2; else V=1; fi
# step: weights
if [ $V = 2 ]; then mkdir /sys/fs/cgroup/lab-a /sys/fs/cgroup/lab-b; echo 300 > /sys/fs/cgroup/lab-a/cpu.weight; echo 100 > /sys/fs/cgroup/lab-b/cpu.weight; else mkdir -p /sys/fs/cgroup/cpu/lab-a /sys/fs/cgroup/cpu/lab-b /sys/fs/cgroup/cpuacct/lab-a /sys/fs/cgroup/cpuacct/lab-b /sys/fs/cgroup/freezer/lab-b; echo 3072 > /sys/fs/cgroup/cpu/lab-a/cpu.shares; echo 1024 > /sys/fs/cgroup/cpu/lab-b/cpu.shares; fi
# step: contend
if [ $V = 2 ]; then taskset -c 0 sh -c 'echo $$ > /sys/fs/cgroup/lab-a/cgroup.procs; while :; do :; done' & else taskset -c 0 sh -c 'for c in cpu cpuacct; do echo $$ > /sys/fs/cgroup/$c/lab-a/cgroup.procs; done; while :; do :; done' & fi
if [ $V = 2 ]; then taskset -c 0 sh -c 'echo $$ > /sys/fs/cgroup/lab-b/cgroup.procs; while :; do :; done' & else taskset -c 0 sh -c 'for c in cpu cpuacct freezer; do echo $$ > /sys/fs/cgroup/$c/lab-b/cgroup.procs; done; while :; do :; done' & fi
# step: stop
kill %1 %2
# expect: weights: lab-b has cpu.
# expect: contend: Less than 1: the weights are the wrong way round
