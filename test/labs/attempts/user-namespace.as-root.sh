# Wrong attempt: creates the user but never switches to it, so the user namespace is made by the box's root and maps root to root (0 0 1).
# step: learner
useradd -m -u 1000 -s /bin/bash learner
id
sleep 3600 &
# step: map-root
unshare --user --map-root-user bash
id
cat /proc/self/uid_map
sleep 3601 &
# step: hostname
unshare --uts bash
hostname lab-u
sleep 3602 &
# step: files
touch /lab/made-inside
ls -ln /lab/made-inside
# expect: learner: sleep 3600 runs as uid 0
# expect: map-root: has uid_map "0 0 1"
# expect: map-root: the box sees sleep 3601 as uid 0
# expect: files: the box sees /lab/made-inside owned by 0:0
