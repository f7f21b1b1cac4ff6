# Wrong attempt: unshares the cgroup namespace first and moves the new shell into
# /lab-cg afterwards, so the namespace's root is the box's cgroup, not /lab-cg.
# (Runs on cgroup v1 and v2: the first line picks this machine's cgroup dirs.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then export CGS=/sys/fs/cgroup; else export CGS="/sys/fs/cgroup/memory /sys/fs/cgroup/pids"; fi
# step: look-around
cat /proc/$$/cgroup > /lab/cgroup-box
# step: make-cgroup
unshare --cgroup bash
for d in $CGS; do mkdir $d/lab-cg; echo $$ > $d/lab-cg/cgroup.procs; done
# step: unshare-cgroup
cat /proc/self/cgroup > /lab/cgroup-inside
# step: look-up
cat /proc/1/cgroup > /lab/init-from-inside
# expect: unshare-cgroup: /lab/cgroup-inside still names lab-cg
# expect: unshare-cgroup: the shell was not in /lab-cg when you unshared
# expect: look-up: you unshared while still in the box's own cgroup
