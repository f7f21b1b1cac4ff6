# Wrong attempt, kill -1 style: the learner empties the middle namespace from
# the shell inside it (`kill -9 -1` signals every process of that namespace but
# its init and the caller: sleep 3700 too), then kills the middle init from the
# box. Nothing is left, as after the lesson, but sleep 3700 died by the
# learner's signal while sleep 3600 still ran: no namespace ended it.
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
kill -9 -1; sleep 1
# terminal: 1
kill -KILL $(pgrep -xf 'sleep 3600')
# expect: kill-middle: while every init above it still ran: it was killed on its own
# expect: kill-middle: If it died before sleep 3600, you killed it yourself
