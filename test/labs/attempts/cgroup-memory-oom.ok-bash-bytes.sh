# Right variant: the limit written in bytes (33554432, then 536870912) instead of 32M and
# 512M, and bash -c moving itself with $BASHPID instead of sh -c with $$.
# (Runs on cgroup v1 and v2: the first line picks this machine's files.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then M=/sys/fs/cgroup/lab-mem; else M=/sys/fs/cgroup/memory/lab-mem; fi
# step: create-limit
mkdir $M
if [ -e $M/memory.max ]; then echo 33554432 > $M/memory.max; echo 0 > $M/memory.swap.max; else echo 33554432 > $M/memory.limit_in_bytes; echo 33554432 > $M/memory.memsw.limit_in_bytes; fi
# step: oom-kill
bash -c 'echo $BASHPID > '$M'/cgroup.procs; head -c 256M /dev/zero | tail > /dev/null'
echo $? > /lab/oom-status
# step: read-events
grep -hw oom_kill $M/memory.events $M/memory.oom_control 2>/dev/null > /lab/oom-events
# step: raise
if [ -e $M/memory.max ]; then echo 536870912 > $M/memory.max; else echo 536870912 > $M/memory.memsw.limit_in_bytes; echo 536870912 > $M/memory.limit_in_bytes; fi
bash -c 'echo $BASHPID > '$M'/cgroup.procs; head -c 256M /dev/zero | tail > /dev/null'
echo $? > /lab/ok-status
