# Wrong attempt: "stops" lab-b's loop with SIGSTOP instead of freezing the
# cgroup. It uses no CPU, but the cgroup is not frozen and the task is in
# state T, where anyone's SIGCONT resumes it.
# (Runs on cgroup v1 and v2: the first line picks this machine's files.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then V=2; else V=1; fi
# step: weights
if [ $V = 2 ]; then mkdir /sys/fs/cgroup/lab-a /sys/fs/cgroup/lab-b; echo 100 > /sys/fs/cgroup/lab-a/cpu.weight; echo 300 > /sys/fs/cgroup/lab-b/cpu.weight; else mkdir -p /sys/fs/cgroup/cpu/lab-a /sys/fs/cgroup/cpu/lab-b /sys/fs/cgroup/cpuacct/lab-a /sys/fs/cgroup/cpuacct/lab-b /sys/fs/cgroup/freezer/lab-b; echo 1024 > /sys/fs/cgroup/cpu/lab-a/cpu.shares; echo 3072 > /sys/fs/cgroup/cpu/lab-b/cpu.shares; fi
# step: contend
if [ $V = 2 ]; then taskset -c 0 sh -c 'echo $$ > /sys/fs/cgroup/lab-a/cgroup.procs; while :; do :; done' & else taskset -c 0 sh -c 'for c in cpu cpuacct; do echo $$ > /sys/fs/cgroup/$c/lab-a/cgroup.procs; done; while :; do :; done' & fi
if [ $V = 2 ]; then taskset -c 0 sh -c 'echo $$ > /sys/fs/cgroup/lab-b/cgroup.procs; while :; do :; done' & else taskset -c 0 sh -c 'for c in cpu cpuacct freezer; do echo $$ > /sys/fs/cgroup/$c/lab-b/cgroup.procs; done; while :; do :; done' & fi
# step: freeze
kill -STOP $(pgrep -f 'lab-b/cgroup.procs')
# step: thaw
kill -CONT $(pgrep -f 'lab-b/cgroup.procs')
# step: devices
mknod /tmp/disk b 8 0
# step: stop
kill %1 %2
# expect: freeze: SIGSTOP (`kill -STOP`) stops a process but leaves its cgroup thawed
# expect: freeze: State T (stopped) is SIGSTOP's work
# expect: freeze: is stopped
