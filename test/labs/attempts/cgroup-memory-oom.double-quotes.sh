# Wrong attempt: `sh -c "..."` in double quotes: the interactive shell expands $$
# to its OWN PID, so it moves itself into lab-mem and the memory hog never does.
# (Runs on cgroup v1 and v2: the first line picks this machine's files.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then M=/sys/fs/cgroup/lab-mem; else M=/sys/fs/cgroup/memory/lab-mem; fi
# step: create-limit
mkdir $M
if [ -e $M/memory.max ]; then echo 32M > $M/memory.max; echo 0 > $M/memory.swap.max; else echo 32M > $M/memory.limit_in_bytes; echo 32M > $M/memory.memsw.limit_in_bytes; fi
# step: oom-kill
sh -c "echo $$ > $M/cgroup.procs; head -c 256M /dev/zero | tail > /dev/null"
echo $? > /lab/oom-status
# step: read-events
grep -hw oom_kill $M/memory.events $M/memory.oom_control 2>/dev/null > /lab/oom-events
# expect: oom-kill: OOM kills of cgroup /lab-mem to be at least 1, but cgroup /lab-mem has 0
# expect: oom-kill: with double quotes, your interactive shell expands `$$`
# expect: oom-kill: it contains "0". Save the status right after the command
# expect: read-events: If it reads 0, go back to step 2
# expect: read-events: but cgroup /lab-mem has 1. The killed tail takes its pipeline with it
# expect: read-events: if it is your own shell
