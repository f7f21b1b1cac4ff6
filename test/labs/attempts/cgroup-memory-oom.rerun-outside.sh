# Wrong attempt: steps 1 to 3 done right, but after raising the limit the command
# is run again from the interactive shell, outside lab-mem: it succeeds because
# nothing limits it, not because lab-mem now has room.
# (Runs on cgroup v1 and v2: the first line picks this machine's files.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then M=/sys/fs/cgroup/lab-mem; else M=/sys/fs/cgroup/memory/lab-mem; fi
# step: create-limit
mkdir $M
if [ -e $M/memory.max ]; then echo 32M > $M/memory.max; echo 0 > $M/memory.swap.max; else echo 32M > $M/memory.limit_in_bytes; echo 32M > $M/memory.memsw.limit_in_bytes; fi
# step: oom-kill
sh -c 'echo $$ > '$M'/cgroup.procs; head -c 256M /dev/zero | tail > /dev/null'
echo $? > /lab/oom-status
# step: read-events
grep -hw oom_kill $M/memory.events $M/memory.oom_control 2>/dev/null > /lab/oom-events
# step: raise
if [ -e $M/memory.max ]; then echo 512M > $M/memory.max; else echo 512M > $M/memory.memsw.limit_in_bytes; echo 512M > $M/memory.limit_in_bytes; fi
head -c 256M /dev/zero | tail > /dev/null
echo $? > /lab/ok-status
# expect: raise: the most memory it ever held
# expect: raise: ran outside lab-mem
