# Right variant: the namespace's shells are sh, and the file is made with a redirect.
# step: learner
useradd -m -u 1000 -s /bin/bash learner
su - learner
id
hostname lab-x
sleep 3600 &
# step: map-root
unshare --user --map-root-user sh
id
cat /proc/self/uid_map /proc/self/gid_map
sleep 3601 &
# step: hostname
hostname lab-u
unshare --uts sh
hostname lab-u
hostname
sleep 3602 &
# step: files
: > /lab/made-inside
/usr/sbin/setcap cap_net_raw+ep /lab/made-inside
/usr/sbin/getcap /lab/made-inside
ls -ln /lab/made-inside /etc/shadow
cat /etc/shadow
