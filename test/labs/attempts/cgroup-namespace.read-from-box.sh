# Wrong attempt: leaves the namespace before the last step, so /proc/1/cgroup is read
# from the box's own cgroup namespace, where the path is not relative to /lab-cg.
# (Runs on cgroup v1 and v2.)
# step: look-around
cat /proc/self/cgroup
readlink /proc/1/ns/cgroup /proc/$$/ns/cgroup
cat /proc/$$/cgroup > /lab/cgroup-box
# step: make-cgroup
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then mkdir /sys/fs/cgroup/lab-cg; echo $$ > /sys/fs/cgroup/lab-cg/cgroup.procs; else mkdir /sys/fs/cgroup/memory/lab-cg /sys/fs/cgroup/pids/lab-cg; echo $$ > /sys/fs/cgroup/memory/lab-cg/cgroup.procs; echo $$ > /sys/fs/cgroup/pids/lab-cg/cgroup.procs; fi
cat /proc/self/cgroup
# step: unshare-cgroup
unshare --cgroup bash
readlink /proc/$$/ns/cgroup
cat /proc/self/cgroup > /lab/cgroup-inside
cat /lab/cgroup-inside
# step: look-up
exit
cat /proc/1/cgroup > /lab/init-from-inside
cat /lab/init-from-inside
# expect: look-up: Expected /lab/init-from-inside to contain text containing ":/..", but it contains
# expect: look-up: Run `cat /proc/1/cgroup > /lab/init-from-inside` in the shell that `unshare --cgroup bash` started
