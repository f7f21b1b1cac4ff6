# Wrong attempt: tries to stop the fork bomb like a job (kill %1). The bash that
# started it is long gone; its copies are orphans that keep refilling the cgroup.
# Only killing by cgroup works.
# (Runs on cgroup v1 and v2: the first line picks this machine's cgroup dir.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then P=/sys/fs/cgroup/lab-pids; else P=/sys/fs/cgroup/pids/lab-pids; fi
# step: create-limit
mkdir $P
echo 20 > $P/pids.max
# step: fill-up
busybox sh -c 'echo $$ > '$P'/cgroup.procs; for i in $(seq 30); do sleep 1000 & done'
# step: fork-bomb
kill $(cat $P/cgroup.procs)
bash -c 'echo $$ > '$P'/cgroup.procs; b() { b | b & }; b' 2>/dev/null &
sleep 2
# step: defuse
kill %1
sleep 1
cat $P/pids.current
# expect: defuse: member processes of cgroup /lab-pids to be at most 0, but cgroup /lab-pids has
# expect: defuse: Kill by cgroup, not by job
# expect: defuse: Every task in lab-pids must die
