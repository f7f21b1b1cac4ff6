# Wrong attempt: goes straight to the bomb, skipping "make room" (the step's first line).
# lab-pids is still full of sleeps, so the bomb's shell moves in (moving is never
# refused) but cannot fork even once: nothing is seen of a bomb held at the limit.
# (Runs on cgroup v1 and v2: the first line picks this machine's cgroup dir.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then P=/sys/fs/cgroup/lab-pids; else P=/sys/fs/cgroup/pids/lab-pids; fi
# step: create-limit
mkdir $P
echo 20 > $P/pids.max
# step: fill-up
busybox sh -c 'echo $$ > '$P'/cgroup.procs; for i in $(seq 30); do sleep 1000 & done'
# step: fork-bomb
bash -c 'echo $$ > '$P'/cgroup.procs; b() { b | b & }; b' 2>/dev/null &
sleep 2
cat $P/pids.current $P/pids.events
# expect: fork-bomb: a process matching /^sleep 1000$/
# expect: fork-bomb: Make room before the bomb
