# Wrong attempt: tries to end the middle namespace from inside it, as root:
# `kill -KILL 1` there is dropped like every signal init has no handler for.
# step: quiet-init
unshare --pid --fork --mount-proc sleep 3600 &
# step: signal-inside
# terminal: 2
nsenter --target $(pgrep -xf 'sleep 3600') --pid --mount
# step: orphan
sh -c 'sleep 2000 &'
# step: zombie
pkill -xf 'sleep 2000'
# step: nested
unshare --pid --fork --mount-proc sleep 3700 &
# step: kill-middle
kill -KILL 1
# expect: kill-middle: from inside the namespace even SIGKILL is
