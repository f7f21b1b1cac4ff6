# Wrong attempt: `unshare --ipc` without `=/lab/ipcns` pins nothing: the namespace and its queue vanish as soon as ipcmk exits.
# step: make-queue
ipcmk -Q
# step: unshare-ipc
unshare --ipc bash
sleep 3600 &
# step: shm-inside
ipcmk -M 4096
# step: pin
exit
touch /lab/ipcns
unshare --ipc ipcmk -Q
nsenter --ipc=/lab/ipcns ipcs -q
# expect: pin: Expected a nsfs mount at /lab/ipcns in the box's mount namespace, but /lab/ipcns is not a mount point there
# expect: pin: nsenter cannot enter /lab/ipcns
