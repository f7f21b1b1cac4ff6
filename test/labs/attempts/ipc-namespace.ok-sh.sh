# Right variant: the namespace's shell is sh.
# step: make-queue
ipcmk -Q
ipcs -q
# step: unshare-ipc
unshare --ipc sh
ipcs -q
sleep 3600 &
# step: shm-inside
ipcmk -M 4096
ipcs -m
# step: pin
exit
nsenter -t $(pgrep -xf 'sleep 3600') --ipc ipcs -m
touch /lab/ipcns
unshare --ipc=/lab/ipcns ipcmk -Q
nsenter --ipc=/lab/ipcns ipcs -q
