# Wrong attempt that reaches the right end state the wrong way: the learner kills
# the nested init, sleep 3700, by hand, then the middle init. Nothing is left, as
# after the lesson, but the kernel never ended a namespace: the probe saw sleep
# 3700 die while sleep 3600 still ran.
# step: quiet-init
unshare --pid --fork --mount-proc sleep 3600 &
# step: signal-inside
# terminal: 2
nsenter --target $(pgrep -xf 'sleep 3600') --pid --mount
kill -TERM 1
# step: orphan
sh -c 'sleep 2000 &'
# step: zombie
pkill -xf 'sleep 2000'
# step: nested
unshare --pid --fork --mount-proc sleep 3700 &
# step: kill-middle
# terminal: 1
kill -KILL $(pgrep -xf 'sleep 3700'); sleep 1
kill -KILL $(pgrep -xf 'sleep 3600')
# expect: kill-middle: while every init above it still ran: it was killed on its own
# expect: kill-middle: If it died before sleep 3600, you killed it yourself
