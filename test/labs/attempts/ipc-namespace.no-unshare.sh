# Wrong attempt: never runs `unshare --ipc`, so the "inside" shell is the box's own: its queue list is the box's and the shared memory lands in the box.
# step: make-queue
ipcmk -Q
# step: unshare-ipc
ipcs -q
sleep 3600 &
# step: shm-inside
ipcmk -M 4096
ipcs -m
# step: pin
touch /lab/ipcns
unshare --ipc=/lab/ipcns ipcmk -Q
nsenter --ipc=/lab/ipcns ipcs -q
# expect: unshare-ipc: , the same as the box's init (PID 1)
# expect: unshare-ipc: the IPC namespace of sleep 3600 holds 1 message queue(s)
# expect: shm-inside: the box's IPC namespace holds 1 shared memory segment(s)
