# Right variant: the shell in the new cgroup namespace is sh, started with the short option -C.
# (Runs on cgroup v1 and v2: the first line picks this machine's files.)
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then V=2; else V=1; fi
# step: look-around
cat /proc/self/cgroup
cat /proc/$$/cgroup > /lab/cgroup-box
# step: make-cgroup
if [ $V = 2 ]; then mkdir /sys/fs/cgroup/lab-cg; echo $$ > /sys/fs/cgroup/lab-cg/cgroup.procs; else mkdir /sys/fs/cgroup/memory/lab-cg /sys/fs/cgroup/pids/lab-cg; echo $$ > /sys/fs/cgroup/memory/lab-cg/cgroup.procs; echo $$ > /sys/fs/cgroup/pids/lab-cg/cgroup.procs; fi
# step: unshare-cgroup
unshare -C sh
cat /proc/self/cgroup > /lab/cgroup-inside
# step: look-up
cat /proc/1/cgroup > /lab/init-from-inside
