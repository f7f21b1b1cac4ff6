# Right variant: short options, dash as the shell inside, a subshell making the
# orphan, and signals by number and by pkill.
# step: quiet-init
unshare -fp --mount-proc sleep 3600 &
# step: signal-inside
# terminal: 2
nsenter -t $(pgrep -xf 'sleep 3600') -p -m dash
kill -15 1; kill -9 1
# step: orphan
(sleep 2000 &)
# step: zombie
kill -9 $(pgrep -xf 'sleep 2000')
# step: nested
unshare -fp --mount-proc sleep 3700 &
# step: kill-middle
# terminal: 1
pkill -KILL -xf 'sleep 3600'
