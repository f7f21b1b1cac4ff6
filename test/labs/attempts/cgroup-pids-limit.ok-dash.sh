# Right variant: dash fills the cgroup, printf writes the limit, and the cleanup uses
# cgroup.kill where the kernel has it (v2).
# (Runs on cgroup v1 and v2: the first line picks this machine's files.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then P=/sys/fs/cgroup/lab-pids; else P=/sys/fs/cgroup/pids/lab-pids; fi
# step: create-limit
mkdir $P
printf 20 > $P/pids.max
cat $P/pids.max $P/pids.current
# step: fill-up
dash -c 'echo $$ > '$P'/cgroup.procs; for i in $(seq 30); do sleep 1000 & done'
cat $P/pids.current $P/pids.events
# step: fork-bomb
kill $(cat $P/cgroup.procs)
bash -c 'echo $$ > '$P'/cgroup.procs; b() { b | b & }; b' 2>/dev/null
sleep 2; cat $P/pids.current $P/pids.events
ps -e | wc -l
# step: defuse
if [ -e $P/cgroup.kill ]; then echo 1 > $P/cgroup.kill; else while grep -q . $P/cgroup.procs; do kill -9 $(cat $P/cgroup.procs) 2>/dev/null; done; fi
sleep 0.5; cat $P/pids.current
