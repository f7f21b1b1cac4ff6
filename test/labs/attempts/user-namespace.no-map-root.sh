# Wrong attempt: `unshare --user` without --map-root-user: no ID is mapped, the shell is "nobody" and loses its capabilities at exec, so it cannot make a UTS namespace.
# step: learner
useradd -m -u 1000 -s /bin/bash learner
su - learner
sleep 3600 &
# step: map-root
unshare --user bash
id
sleep 3601 &
# step: hostname
unshare --uts bash
hostname lab-u
sleep 3602 &
# expect: map-root: has uid_map "", gid_map ""
# expect: hostname: it sees "nslab-box"
