# Right variant: the same shares of a CPU with other periods: 0.2 CPU as 10 ms per
# 50 ms, then 0.5 CPU as 20 ms per 40 ms.
# (Runs on cgroup v1 and v2: the first line picks this machine's files.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then C=/sys/fs/cgroup; else C=/sys/fs/cgroup/cpu; fi
# step: create-limit
if [ $C = /sys/fs/cgroup ]; then mkdir $C/lab-cpu; echo "10000 50000" > $C/lab-cpu/cpu.max; else mkdir -p $C/lab-cpu /sys/fs/cgroup/cpuacct/lab-cpu; echo 50000 > $C/lab-cpu/cpu.cfs_period_us; echo 10000 > $C/lab-cpu/cpu.cfs_quota_us; fi
# step: burn
if [ $C = /sys/fs/cgroup ]; then sh -c 'echo $$ > /sys/fs/cgroup/lab-cpu/cgroup.procs; while :; do :; done' & else sh -c 'echo $$ > /sys/fs/cgroup/cpu/lab-cpu/cgroup.procs; echo $$ > /sys/fs/cgroup/cpuacct/lab-cpu/cgroup.procs; while :; do :; done' & fi
sleep 1
# step: raise
if [ $C = /sys/fs/cgroup ]; then echo "20000 40000" > $C/lab-cpu/cpu.max; else echo 40000 > $C/lab-cpu/cpu.cfs_period_us; echo 20000 > $C/lab-cpu/cpu.cfs_quota_us; fi
# step: stop
kill %1
wait
rmdir /sys/fs/cgroup/lab-cpu /sys/fs/cgroup/cpu/lab-cpu /sys/fs/cgroup/cpuacct/lab-cpu 2>/dev/null
