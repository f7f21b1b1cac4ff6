# Wrong attempt: the second namespace is started from terminal 1, the box, so it
# is a sibling of the first, not nested in it: NSpid has two PIDs, and killing
# the first namespace's init leaves it running.
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
# terminal: 1
unshare --pid --fork --mount-proc sleep 3700 &
# step: kill-middle
kill -KILL $(pgrep -xf 'sleep 3600')
# expect: nested: Two PIDs in NSpid mean the new namespace is a child of the box's
# expect: nested: NSpid
# expect: kill-middle: If it survived, it was not in the first namespace
