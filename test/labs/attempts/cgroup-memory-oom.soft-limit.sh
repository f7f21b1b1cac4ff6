# Wrong attempt: writes the 32 MiB into a soft knob (v1 memory.soft_limit_in_bytes,
# v2 memory.low) instead of the hard limit, so nothing is ever killed.
# (Runs on cgroup v1 and v2: the first line picks this machine's files.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then M=/sys/fs/cgroup/lab-mem; else M=/sys/fs/cgroup/memory/lab-mem; fi
# step: create-limit
mkdir $M
if [ -e $M/memory.low ]; then echo 32M > $M/memory.low; else echo 32M > $M/memory.soft_limit_in_bytes; fi
# step: oom-kill
sh -c 'echo $$ > '$M'/cgroup.procs; head -c 256M /dev/zero | tail > /dev/null'
echo $? > /lab/oom-status
# expect: create-limit: the memory limit of cgroup /lab-mem to be 32 MiB (33554432), but cgroup /lab-mem has no limit (max)
# expect: create-limit: never kill anything
# expect: create-limit: Without it, the kernel may push the process's memory out to swap
# expect: oom-kill: has 0
