# Wrong attempt: the weights are written as step 1 asks, but lab-a is also capped
# at a third of a CPU and the loops are left unpinned. On an idle machine each
# loop has a CPU of its own, the weights never act, and the cap alone makes a
# split that can look like 1:3. On a busy machine the loop may never reach its
# cap (no throttling to see), so the quota itself is what gives it away.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then V=2; else V=1; fi
# step: weights
if [ $V = 2 ]; then mkdir /sys/fs/cgroup/lab-a /sys/fs/cgroup/lab-b; echo 100 > /sys/fs/cgroup/lab-a/cpu.weight; echo 300 > /sys/fs/cgroup/lab-b/cpu.weight; else mkdir -p /sys/fs/cgroup/cpu/lab-a /sys/fs/cgroup/cpu/lab-b /sys/fs/cgroup/cpuacct/lab-a /sys/fs/cgroup/cpuacct/lab-b /sys/fs/cgroup/freezer/lab-b; echo 1024 > /sys/fs/cgroup/cpu/lab-a/cpu.shares; echo 3072 > /sys/fs/cgroup/cpu/lab-b/cpu.shares; fi
# step: contend
if [ $V = 2 ]; then echo "33000 100000" > /sys/fs/cgroup/lab-a/cpu.max; else echo 33000 > /sys/fs/cgroup/cpu/lab-a/cpu.cfs_quota_us; fi
if [ $V = 2 ]; then sh -c 'echo $$ > /sys/fs/cgroup/lab-a/cgroup.procs; while :; do :; done' & else sh -c 'for c in cpu cpuacct; do echo $$ > /sys/fs/cgroup/$c/lab-a/cgroup.procs; done; while :; do :; done' & fi
if [ $V = 2 ]; then sh -c 'echo $$ > /sys/fs/cgroup/lab-b/cgroup.procs; while :; do :; done' & else sh -c 'for c in cpu cpuacct freezer; do echo $$ > /sys/fs/cgroup/$c/lab-b/cgroup.procs; done; while :; do :; done' & fi
sleep 2
# step: stop
kill %1 %2
# expect: contend: lab-a has a CPU quota
# expect: contend: A cap can fake a 1:3 split
