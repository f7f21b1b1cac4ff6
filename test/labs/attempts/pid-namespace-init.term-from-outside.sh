# Wrong attempt, after the seed document's "init ignores signals from its own
# namespace": the learner believes the parent namespace can end it with any
# signal and sends the polite SIGTERM from the box. Without a handler it is dropped.
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
kill -TERM $(pgrep -xf 'sleep 3600')
# expect: kill-middle: SIGTERM is dropped even from the parent namespace
# expect: kill-middle: If it survived, it was not in the
