# Wrong attempt, after the seed document's "priority by the number of CPU time
# slices": caps lab-a at a quarter and lab-b at three quarters of a CPU with
# cpu.max (v1 cfs_quota_us) instead of weighting them. On one CPU the split
# looks right, but these are caps: alone, lab-b could never use more than 0.75.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then V=2; else V=1; fi
# step: weights
if [ $V = 2 ]; then mkdir /sys/fs/cgroup/lab-a /sys/fs/cgroup/lab-b; echo "25000 100000" > /sys/fs/cgroup/lab-a/cpu.max; echo "75000 100000" > /sys/fs/cgroup/lab-b/cpu.max; else mkdir -p /sys/fs/cgroup/cpu/lab-a /sys/fs/cgroup/cpu/lab-b /sys/fs/cgroup/cpuacct/lab-a /sys/fs/cgroup/cpuacct/lab-b /sys/fs/cgroup/freezer/lab-b; echo 25000 > /sys/fs/cgroup/cpu/lab-a/cpu.cfs_quota_us; echo 75000 > /sys/fs/cgroup/cpu/lab-b/cpu.cfs_quota_us; fi
# expect: weights: cpu.max / cfs_quota_us is a cap, not a weight
