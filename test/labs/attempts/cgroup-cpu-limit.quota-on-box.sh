# Wrong attempt: makes lab-cpu, but writes the quota into the box's own cgroup
# (one directory too high), so the whole box is throttled and lab-cpu is not.
# (Runs on cgroup v1 and v2: the first line picks this machine's files.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then V=2; else V=1; fi
# step: create-limit
if [ $V = 2 ]; then mkdir /sys/fs/cgroup/lab-cpu; echo "20000 100000" > /sys/fs/cgroup/cpu.max; else mkdir -p /sys/fs/cgroup/cpu/lab-cpu /sys/fs/cgroup/cpuacct/lab-cpu; echo 20000 > /sys/fs/cgroup/cpu/cpu.cfs_quota_us; fi
# expect: create-limit: that limit is set on cgroup / instead: write it into /lab-cpu's own file
