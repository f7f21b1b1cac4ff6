# Wrong attempt: sets cpu.shares (v1) / cpu.weight (v2) instead of a quota. A
# weight only divides a contended CPU; it does not cap a loop on an idle machine.
# (Runs on cgroup v1 and v2: the first line picks this machine's files.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then V=2; else V=1; fi
# step: create-limit
if [ $V = 2 ]; then mkdir /sys/fs/cgroup/lab-cpu; echo 20 > /sys/fs/cgroup/lab-cpu/cpu.weight; else mkdir -p /sys/fs/cgroup/cpu/lab-cpu /sys/fs/cgroup/cpuacct/lab-cpu; echo 200 > /sys/fs/cgroup/cpu/lab-cpu/cpu.shares; fi
# step: burn
if [ $V = 2 ]; then sh -c 'echo $$ > /sys/fs/cgroup/lab-cpu/cgroup.procs; while :; do :; done' & else sh -c 'echo $$ > /sys/fs/cgroup/cpu/lab-cpu/cgroup.procs; echo $$ > /sys/fs/cgroup/cpuacct/lab-cpu/cgroup.procs; while :; do :; done' & fi
sleep 1
# step: raise
kill %1
wait
# step: stop
if [ $V = 2 ]; then rmdir /sys/fs/cgroup/lab-cpu; else rmdir /sys/fs/cgroup/cpu/lab-cpu /sys/fs/cgroup/cpuacct/lab-cpu; fi
# expect: create-limit: has "max 100000"
# expect: create-limit: cpu.shares / cpu.weight are not a limit
# (Not expected: the usage check's "no quota" message. On a loaded machine an
# unlimited loop may get no more than a fifth of a CPU either; the throttle
# counter below says the same thing whatever the load.)
# expect: burn: It stays 0 while the loop runs elsewhere or lab-cpu has no quota
