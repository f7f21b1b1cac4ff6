# Wrong attempt: leaves the namespace's shell too early and makes the shared memory
# segment back in the box's IPC namespace.
# step: make-queue
ipcmk -Q
ipcs -q
# step: unshare-ipc
unshare --ipc bash
ipcs -q
sleep 3600 &
# step: shm-inside
exit
ipcmk -M 4096
ipcs -m
# step: pin
nsenter -t $(pgrep -xf 'sleep 3600') --ipc ipcs -m
touch /lab/ipcns
unshare --ipc=/lab/ipcns ipcmk -Q
nsenter --ipc=/lab/ipcns ipcs -q
# expect: shm-inside: the IPC namespace of sleep 3600 holds 0 shared memory segment(s)
# expect: shm-inside: The segment was made in the box's own IPC namespace
