# Wrong attempt: lab-cpu gets its quota, but the busy loop is started without
# writing its PID into lab-cpu's cgroup.procs, so it runs unlimited in the box's cgroup.
# (Runs on cgroup v1 and v2: the first line picks this machine's files.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then V=2; else V=1; fi
# step: create-limit
if [ $V = 2 ]; then mkdir /sys/fs/cgroup/lab-cpu; echo "20000 100000" > /sys/fs/cgroup/lab-cpu/cpu.max; else mkdir -p /sys/fs/cgroup/cpu/lab-cpu /sys/fs/cgroup/cpuacct/lab-cpu; echo 20000 > /sys/fs/cgroup/cpu/lab-cpu/cpu.cfs_quota_us; fi
# step: burn
sh -c 'while :; do :; done' &
sleep 1
# step: raise
kill %1
if [ $V = 2 ]; then echo "50000 100000" > /sys/fs/cgroup/lab-cpu/cpu.max; else echo 50000 > /sys/fs/cgroup/cpu/lab-cpu/cpu.cfs_quota_us; fi
# step: stop
# expect: burn: used 0.00 CPUs
# expect: burn: 0.00 means the loop is not in lab-cpu
# expect: burn: A process stays in the cgroup it was started in
# expect: burn: It stays 0 while the loop runs elsewhere
# expect: raise: Near 0: the loop does not run in lab-cpu
