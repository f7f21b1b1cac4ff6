# Wrong attempt: creates /lab-cg but never writes the shell's PID into its
# cgroup.procs, so the shell (and the namespace it unshares) stays in the box's cgroup.
# (Runs on cgroup v1 and v2: the first line picks this machine's cgroup dirs.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then export CGS=/sys/fs/cgroup; else export CGS="/sys/fs/cgroup/memory /sys/fs/cgroup/pids"; fi
# step: look-around
cat /proc/$$/cgroup > /lab/cgroup-box
# step: make-cgroup
for d in $CGS; do mkdir $d/lab-cg; done
cat /proc/self/cgroup
# step: unshare-cgroup
unshare --cgroup bash
cat /proc/self/cgroup > /lab/cgroup-inside
# step: look-up
cat /proc/1/cgroup > /lab/init-from-inside
# expect: make-cgroup: Creating the directory is not enough
# expect: make-cgroup: but pid
# expect: unshare-cgroup: Move the box's shell into /lab-cg first
# expect: look-up: it contains "
