# Wrong attempt: lab-pids gets its limit, but the sleeps are started from a shell
# that never moved into it, so they all run in the box's cgroup, unlimited.
# (Runs on cgroup v1 and v2: the first line picks this machine's cgroup dir.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then P=/sys/fs/cgroup/lab-pids; else P=/sys/fs/cgroup/pids/lab-pids; fi
# step: create-limit
mkdir $P
echo 20 > $P/pids.max
# step: fill-up
busybox sh -c 'for i in $(seq 30); do sleep 1000 & done'
cat $P/pids.current
# expect: fill-up: member processes of cgroup /lab-pids to be at least 10, but cgroup /lab-pids has 0
# expect: fill-up: Sleeps started from a shell outside lab-pids run in the box's cgroup
# expect: fill-up: It stays 0 if the sleeps ran elsewhere
