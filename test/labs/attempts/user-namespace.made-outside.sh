# Wrong attempt: steps 1 to 3 right, then the file is made from the learner's own shell,
# after leaving the namespaces: it belongs to 1000:1000 just the same, but no root made it,
# and setcap is refused there.
# step: learner
useradd -m -u 1000 -s /bin/bash learner
su - learner
id
hostname lab-x
sleep 3600 &
# step: map-root
unshare --user --map-root-user bash
id
cat /proc/self/uid_map /proc/self/gid_map
sleep 3601 &
# step: hostname
hostname lab-u
unshare --uts bash
hostname lab-u
hostname
sleep 3602 &
# step: files
exit
exit
touch /lab/made-inside
/usr/sbin/setcap cap_net_raw+ep /lab/made-inside
ls -ln /lab/made-inside
# expect: files: getcap -n /lab/made-inside: no file capabilities
# expect: files: a file made outside the namespace cannot show it
