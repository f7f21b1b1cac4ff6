# Wrong attempt: everything wired right, but the ping is typed in the box: it
# leaves from the box's own namespace (through the bridge's address) and counts
# there, not in red.
# step: bridge
ip link add lab-br0 type bridge
ip addr add 10.0.0.1/24 dev lab-br0
ip link set lab-br0 up
# step: wire
unshare --net sleep 3601 &
unshare --net sleep 3602 &
sleep 1; RED=$(pgrep -xf 'sleep 3601'); BLUE=$(pgrep -xf 'sleep 3602')
ip link add veth-red type veth peer name eth0 netns $RED
ip link add veth-blue type veth peer name eth0 netns $BLUE
ip link set veth-red master lab-br0 up
ip link set veth-blue master lab-br0 up
# step: address
nsenter -t $RED -n ip addr add 10.0.0.2/24 dev eth0
nsenter -t $RED -n ip link set eth0 up
nsenter -t $BLUE -n ip addr add 10.0.0.3/24 dev eth0
nsenter -t $BLUE -n ip link set eth0 up
# step: route
nsenter -t $RED -n ip route add default via 10.0.0.1
nsenter -t $BLUE -n ip route add default via 10.0.0.1
# step: ping
ping -c 2 10.0.0.3
# expect: ping: sent 0 echo requests and got 0 replies
# expect: ping: A ping typed in the box itself leaves from the box's namespace
