# Wrong attempt: the "orphan" is started straight from the shell inside the
# namespace, so its parent is that shell, not PID 1; killed, it is reaped by the
# shell at once and leaves no zombie under the init.
# step: quiet-init
unshare --pid --fork --mount-proc sleep 3600 &
# step: signal-inside
# terminal: 2
nsenter --target $(pgrep -xf 'sleep 3600') --pid --mount
kill -TERM 1; kill -KILL 1
# step: orphan
sleep 2000 &
# step: zombie
kill %1
# step: nested
unshare --pid --fork --mount-proc sleep 3700 &
# step: kill-middle
# terminal: 1
kill -KILL $(pgrep -xf 'sleep 3600')
# expect: orphan: Its parent must have exited before it
# expect: orphan: its parent is pid
# expect: zombie: A process whose parent is your shell is reaped by the shell at once
